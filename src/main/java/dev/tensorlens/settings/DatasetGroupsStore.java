package dev.tensorlens.settings;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The datasets the user grouped by hand, per connection profile, in {@code dataset-groups.json} of the config
 * folder: sets whose names follow no convention the rules know are still one dataset the next time that profile is
 * opened.
 *
 * <p>A change holds at once; the file is written on the writer given (never the FX thread), coalesced as
 * {@link UiSettings.Store} does: a burst of edits is one write of the newest state. These groups are a convenience:
 * a missing or damaged file reads as no groups (a damaged one is kept aside as {@code dataset-groups.json.damaged}
 * before the first write replaces it), and a file that cannot be written is logged, never thrown.
 */
public final class DatasetGroupsStore {

    static final String FILE_NAME = "dataset-groups.json";
    private static final Logger LOG = LoggerFactory.getLogger(DatasetGroupsStore.class);

    /** The file's shape: {@code {"profiles": {"<profile id>": [ {name, splits: [{name, key}]} ]}}}. */
    record Contents(Map<String, List<DatasetGrouping>> profiles) {
        Contents {
            profiles = profiles == null ? Map.of() : profiles;
        }
    }

    private final Path file;
    private final Executor writer;
    private final AtomicBoolean writeQueued = new AtomicBoolean();
    private Map<String, List<DatasetGrouping>> byProfile;
    private boolean damaged;

    /** @param writer where the file is written: a background thread in the app, the caller's in tests */
    public DatasetGroupsStore(AppDirs dirs, Executor writer) {
        this.file = dirs.config().resolve(FILE_NAME);
        this.writer = Objects.requireNonNull(writer);
    }

    /** The hand-made datasets of a profile, as last saved; empty when it has none. */
    public synchronized List<DatasetGrouping> groups(String profileId) {
        return loaded().getOrDefault(profileId, List.of());
    }

    /** Replaces a profile's hand-made datasets (an empty list forgets them) and writes the file soon. */
    public void save(String profileId, List<DatasetGrouping> groups) {
        Objects.requireNonNull(profileId, "profileId");
        synchronized (this) {
            if (groups.isEmpty()) {
                loaded().remove(profileId);
            } else {
                loaded().put(profileId, List.copyOf(groups));
            }
        }
        if (writeQueued.compareAndSet(false, true)) {
            try {
                writer.execute(this::writeNewest);
            } catch (RejectedExecutionException closing) {
                writeQueued.set(false); // the app is closing; the change holds until then
            }
        }
    }

    private void writeNewest() {
        writeQueued.set(false);
        Contents snapshot;
        boolean keepDamaged;
        synchronized (this) {
            snapshot = new Contents(new TreeMap<>(loaded()));
            keepDamaged = damaged;
            damaged = false;
        }
        try {
            if (keepDamaged && Files.exists(file)) {
                Files.copy(file, file.resolveSibling(FILE_NAME + ".damaged"), StandardCopyOption.REPLACE_EXISTING);
            }
            JsonFiles.write(file, snapshot, false);
        } catch (IOException e) {
            LOG.warn("Could not save the hand-made dataset groups to {}", file, e);
        }
    }

    private Map<String, List<DatasetGrouping>> loaded() {
        if (byProfile == null) {
            byProfile = read();
        }
        return byProfile;
    }

    /** Reads the file; a damaged file, or a damaged entry in it, is left out rather than stopping the app. */
    private Map<String, List<DatasetGrouping>> read() {
        Map<String, List<DatasetGrouping>> out = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return out;
        }
        try {
            JsonNode profiles = JsonFiles.MAPPER.readTree(file.toFile()).path("profiles");
            profiles.fields().forEachRemaining(p -> {
                List<DatasetGrouping> groups = new ArrayList<>();
                for (JsonNode g : p.getValue()) {
                    try {
                        groups.add(JsonFiles.MAPPER.convertValue(g, new TypeReference<DatasetGrouping>() { }));
                    } catch (IllegalArgumentException | NullPointerException damagedEntry) {
                        LOG.warn("Left out a damaged dataset group of profile {} in {}", p.getKey(), file);
                        damaged = true;
                    }
                }
                if (!groups.isEmpty()) {
                    out.put(p.getKey(), List.copyOf(groups));
                }
            });
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not read the hand-made dataset groups in {}: {}", file,
                    e instanceof IOException io ? JsonFiles.describe(io) : e.toString());
            damaged = true;
            out.clear();
        }
        return out;
    }
}
