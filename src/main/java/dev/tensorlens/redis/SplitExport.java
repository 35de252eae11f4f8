package dev.tensorlens.redis;

import dev.tensorlens.mlstate.DatasetSplits;
import dev.tensorlens.mlstate.RedisType;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * A split written to a text file, one id per line, as the set is read: pages of {@value #PAGE} ids ({@code SSCAN},
 * or {@code ZSCAN} for a sorted set, whose scores are left out) are written as they come, one page in flight, so
 * memory stays at one page however big the split. The file is written on the {@code files} executor, never on
 * Lettuce's threads.
 *
 * <p>It goes to a temporary file in the target's folder, moved over the target only once complete: a cancelled or
 * failed export leaves no half file, and an existing file stays as it was until the new one is whole.
 *
 * <p>Ids are written as their exact bytes (not UTF-8 text: they need not be). An id with a line break could not be one
 * line, so such an id is written escaped: {@code \n}, {@code \r}, and its backslashes as {@code \\}; the report counts
 * them. Ids without a line break are written as they are, backslashes too, so a Windows path reads back as itself;
 * a reader told to unescape should unescape only lines that an escaped id could be.
 *
 * <p>Like every scan, {@code SSCAN} can return an id twice (or miss one added meanwhile) when the set is changed and
 * resized during the export; for a split no one edits the file is exact. The report compares its line count with the
 * split's size after the last page, and says so in its sentence when they differ.
 */
public final class SplitExport {

    /** Ids per page: a page in flight and in memory at a time. */
    static final int PAGE = 1000;

    /**
     * A written export.
     *
     * @param file      the file written
     * @param lines     ids written (one per line)
     * @param bytes     the file's size
     * @param escaped   ids that had a line break and were written escaped
     * @param sizeAtEnd the split's size after the last page ({@code SCARD}/{@code ZCARD}); differs from
     *                  {@code lines} when the split changed meanwhile
     */
    public record ExportReport(Path file, long lines, long bytes, long escaped, long sizeAtEnd) {

        /** The same report without the size check, for a model's tests. */
        public ExportReport(Path file, long lines, long bytes, long escaped) {
            this(file, lines, bytes, escaped, lines);
        }

        /** Whether the split's size after the export matches the lines written. */
        public boolean matchesSplit() {
            return sizeAtEnd == lines;
        }

        /** "Wrote 1,234 ids to train.txt (12,345 bytes)." and what was escaped or may differ. */
        public String sentence() {
            String out = "Wrote " + SplitEditWords.ids(lines) + " to " + file.getFileName() + " ("
                    + SplitEditWords.count(bytes) + " bytes).";
            if (escaped > 0) {
                out += " " + (escaped == 1 ? "1 id had a line break and was" : SplitEditWords.count(escaped)
                        + " ids had a line break and were") + " written escaped (\\n, \\r, \\\\).";
            }
            if (!matchesSplit()) {
                out += " The split has " + SplitEditWords.ids(sizeAtEnd) + " now: it changed during the export, so "
                        + "the file may miss ids or list an id twice.";
            }
            return out;
        }
    }

    private final RedisSession session;
    private final Executor files;

    public SplitExport(RedisSession session, Executor files) {
        this.session = Objects.requireNonNull(session);
        this.files = Objects.requireNonNull(files);
    }

    /**
     * Writes {@code split} to {@code file}, replacing it only once the export is complete. {@code linesWritten} hears
     * the lines written so far after each page, on the {@code files} executor. Cancelling the future stops after the
     * page in flight and deletes the temporary file; the target is left as it was.
     */
    public CompletableFuture<ExportReport> write(DatasetSplits.Split split, Path file, Consumer<Long> linesWritten) {
        Objects.requireNonNull(linesWritten);
        if (split.type() != RedisType.SET && split.type() != RedisType.ZSET) {
            return CompletableFuture.failedFuture(new RedisOperationException("Export", split.name() + " ("
                    + split.key() + ") is not a set or a sorted set, so it has no ids to export.", null));
        }
        Run run = new Run(split, Keys.bytes(split.key()), file.toAbsolutePath(), linesWritten);
        files.execute(run::open);
        return run.result;
    }

    /** One export: every step that touches the file runs on {@code files}, one after the other. */
    private final class Run {
        final DatasetSplits.Split split;
        final byte[] key;
        final Path target;
        final Consumer<Long> linesWritten;
        final CompletableFuture<ExportReport> result = new CompletableFuture<>();
        /** Only the page in flight is cancelled with the result: a callback per page would keep every page read. */
        final StepInFlight inFlight = new StepInFlight(result);
        final String type;
        Path temp;
        OutputStream out;
        long lines;
        long bytes;
        long escaped;

        Run(DatasetSplits.Split split, byte[] key, Path target, Consumer<Long> linesWritten) {
            this.split = split;
            this.key = key;
            this.target = target;
            this.linesWritten = linesWritten;
            this.type = split.type().name().toLowerCase(Locale.ROOT);
        }

        void open() {
            try {
                Path folder = target.getParent();
                temp = Files.createTempFile(folder, "." + target.getFileName() + ".", ".part");
                out = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16);
            } catch (IOException | RuntimeException e) {
                fail(e);
                return;
            }
            page(null);
        }

        void page(String cursor) {
            if (result.isDone()) {
                cleanUp(); // cancelled
                return;
            }
            CompletableFuture<CollectionPage> page = inFlight.track(
                    new CollectionPager(session).page(key, type, cursor, null, PAGE));
            page.whenCompleteAsync((p, failure) -> {
                if (result.isDone()) {
                    cleanUp();
                } else if (failure != null) {
                    fail(failure);
                } else {
                    try {
                        for (CollectionPage.Entry e : p.entries()) {
                            writeLine(e.member());
                        }
                        linesWritten.accept(lines);
                    } catch (IOException | RuntimeException e) {
                        fail(e);
                        return;
                    }
                    if (p.nextCursor() == null) {
                        finish();
                    } else {
                        page(p.nextCursor());
                    }
                }
            }, files);
        }

        void writeLine(byte[] id) throws IOException {
            boolean breaks = false;
            for (byte b : id) {
                breaks |= b == '\n' || b == '\r';
            }
            if (!breaks) {
                out.write(id);
                bytes += id.length;
            } else {
                escaped++;
                for (byte b : id) {
                    byte[] text = switch (b) {
                        case '\n' -> new byte[] {'\\', 'n'};
                        case '\r' -> new byte[] {'\\', 'r'};
                        case '\\' -> new byte[] {'\\', '\\'};
                        default -> null;
                    };
                    if (text == null) {
                        out.write(b);
                        bytes++;
                    } else {
                        out.write(text);
                        bytes += 2;
                    }
                }
            }
            out.write('\n');
            bytes++;
            lines++;
        }

        void finish() {
            try {
                out.close();
                out = null;
            } catch (IOException e) {
                fail(e);
                return;
            }
            CompletableFuture<Long> size = session.read(type.equals("zset") ? "ZCARD" : "SCARD",
                    c -> type.equals("zset") ? c.zcard(key) : c.scard(key));
            size.whenCompleteAsync((n, failure) -> {
                if (result.isDone()) {
                    cleanUp();
                    return;
                }
                try {
                    moveIntoPlace();
                } catch (IOException | RuntimeException e) {
                    fail(e);
                    return;
                }
                // the size is only a check: when it cannot be read, the file is still whole
                result.complete(new ExportReport(target, lines, bytes, escaped, failure == null ? n : lines));
            }, files);
        }

        void moveIntoPlace() throws IOException {
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }

        void fail(Throwable failure) {
            cleanUp();
            Throwable t = RedisErrors.unwrap(failure);
            String why = t instanceof IOException || t instanceof UncheckedIOException
                    ? "Exporting " + split.name() + " to " + target.getFileName() + " failed: " + t.getMessage()
                    + ". The file was not written" + (Files.exists(target) ? "; the one there is as it was." : ".")
                    : RedisErrors.describe("Exporting " + split.name(), t) + " No file was written.";
            result.completeExceptionally(new RedisOperationException("Export", why, t));
        }

        /** No half file: the temporary file goes, the target is never touched. */
        void cleanUp() {
            try {
                if (out != null) {
                    out.close();
                    out = null;
                }
            } catch (IOException ignored) {
                // deleting it below is what matters
            }
            try {
                if (temp != null) {
                    Files.deleteIfExists(temp);
                }
            } catch (IOException ignored) {
                // a temporary file we could not delete is hidden (dot name) and named .part
            }
        }
    }
}
