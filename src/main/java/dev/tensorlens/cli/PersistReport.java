package dev.tensorlens.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tensorlens.redis.PersistenceStatus;
import dev.tensorlens.redis.PersistenceVerdict;
import dev.tensorlens.redis.SaveSchedule;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How {@code tensorlens persist status} prints {@link PersistenceStatus}es: one block per master, headed by the
 * {@link PersistenceVerdict}, or one JSON object whose field names stay as they are for scripts. Times in the text are
 * the machine's local time; in JSON they are ISO-8601 instants, and what the server did not tell is {@code null}.
 */
final class PersistReport {

    private PersistReport() {
    }

    static String toJson(List<PersistenceStatus> statuses, Instant now, ZoneId zone) throws Exception {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        ArrayNode masters = root.putArray("masters");
        for (PersistenceStatus s : statuses) {
            ObjectNode m = masters.addObject();
            m.put("server", s.server());
            m.put("verdict", PersistenceVerdict.of(s, now, zone));
            m.put("level", PersistenceVerdict.level(s).name());
            m.put("lastSave", s.snapshots().lastSave() == null ? null : s.snapshots().lastSave().toString());
            putCount(m, "changesSinceLastSave", s.snapshots().changesSinceLastSave());
            m.put("bgsaveInProgress", s.snapshots().inProgress());
            m.put("lastBgsaveStatus", s.snapshots().lastStatus());
            m.put("aofEnabled", s.appendOnlyFile().enabled());
            m.put("aofRewriteInProgress", s.appendOnlyFile().rewriteRunning());
            putCount(m, "aofSize", s.appendOnlyFile().currentSize());
            PersistenceStatus.Settings settings = s.settings();
            m.put("save", settings.saveSchedule());
            m.put("dir", settings.dir());
            m.put("dbfilename", settings.dbfilename());
            m.put("appendfsync", settings.appendfsync());
        }
        return mapper.writeValueAsString(root);
    }

    /** -1, the status's "not reported", is {@code null} in JSON: a script should not add it up. */
    private static void putCount(ObjectNode node, String field, long value) {
        if (value < 0) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }

    static void printText(PrintWriter out, List<PersistenceStatus> statuses, Instant now, ZoneId zone) {
        boolean first = true;
        for (PersistenceStatus s : statuses) {
            if (!first) {
                out.println();
            }
            first = false;
            out.println(s.server() + "  " + PersistenceVerdict.level(s));
            out.println("  " + PersistenceVerdict.of(s, now, zone));
            List<String[]> rows = new ArrayList<>();
            PersistenceStatus.Snapshots rdb = s.snapshots();
            rows.add(new String[] {"Last save", rdb.lastSave() == null ? "unknown" : PersistenceVerdict.time(
                    rdb.lastSave(), now, zone) + " (" + PersistenceVerdict.span(Duration.between(rdb.lastSave(), now))
                    + " ago)"});
            rows.add(new String[] {"Changes since", rdb.changesSinceLastSave() < 0 ? "unknown"
                    : PersistenceVerdict.count(rdb.changesSinceLastSave())});
            rows.add(new String[] {"Background save", backgroundSave(s)});
            rows.add(new String[] {"AOF", aof(s)});
            PersistenceStatus.Settings settings = s.settings();
            if (settings.known()) {
                SaveSchedule schedule = settings.schedule();
                rows.add(new String[] {"Save schedule", schedule == null ? settings.saveSchedule() : schedule.describe()});
                rows.add(new String[] {"dir", settings.dir()});
                rows.add(new String[] {"dbfilename", settings.dbfilename()});
                rows.add(new String[] {"appendfsync", settings.appendfsync()});
            } else {
                rows.add(new String[] {"Settings", settings.unavailableReason()});
            }
            int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
            for (String[] row : rows) {
                out.println("  " + row[0] + " ".repeat(width - row[0].length() + 2) + (row[1] == null ? "?" : row[1]));
            }
        }
    }

    /** "running for 12 s (45 % done, 1,000 of 3,000 keys); last one ok, took 1 s". */
    private static String backgroundSave(PersistenceStatus s) {
        PersistenceStatus.Snapshots rdb = s.snapshots();
        String now = rdb.inProgress() ? "running for " + span(rdb.runningFor()) + progress(s.child()) : "not running";
        String last = rdb.lastStatus() == null ? "" : "; last one " + rdb.lastStatus()
                + (rdb.lastTook() == null ? "" : ", took " + PersistenceVerdict.span(rdb.lastTook()));
        return now + last;
    }

    /** "on, 4,096 bytes; rewrite running for 3 s; last rewrite ok, last write ok" or "off". */
    private static String aof(PersistenceStatus s) {
        PersistenceStatus.AppendOnlyFile aof = s.appendOnlyFile();
        StringBuilder text = new StringBuilder(aof.enabled() ? "on" : "off");
        if (aof.enabled() && aof.currentSize() >= 0) {
            text.append(", ").append(PersistenceVerdict.count(aof.currentSize())).append(" bytes");
        }
        if (aof.rewriteRunning()) {
            text.append("; rewrite running for ").append(span(aof.runningFor())).append(progress(s.child()));
        } else if (aof.rewriteScheduled()) {
            text.append("; a rewrite waits for the snapshot to end");
        }
        if (aof.lastRewriteStatus() != null) {
            text.append("; last rewrite ").append(aof.lastRewriteStatus());
        }
        if (aof.enabled() && aof.lastWriteStatus() != null) {
            text.append(", last write ").append(aof.lastWriteStatus());
        }
        return text.toString();
    }

    private static String span(Duration d) {
        return d == null ? "a moment" : PersistenceVerdict.span(d);
    }

    private static String progress(PersistenceStatus.ChildProgress child) {
        if (child.percent() < 0) {
            return "";
        }
        String keys = child.keysTotal() > 0 ? ", " + PersistenceVerdict.count(Math.max(0, child.keysProcessed()))
                + " of " + PersistenceVerdict.count(child.keysTotal()) + " keys" : "";
        return String.format(Locale.ROOT, " (%.0f %% done%s)", child.percent(), keys);
    }
}
