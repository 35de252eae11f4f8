package dev.tensorlens;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No source file of the app grows past {@value #MOST_LINES} lines: a file that long holds several jobs (step 4 split
 * KeyIndex, KeyTreeModel, BrowserController and CollectionModel along their seams, and later steps let three files
 * grow past it again unnoticed). Split along a seam instead of raising the number.
 */
class SourceFilesStaySmallTest {

    static final int MOST_LINES = 450;

    @Test
    void noSourceFileUnderSrcMainIsOverTheLimit() throws IOException {
        Path main = Path.of(System.getProperty("basedir", ".")).resolve("src/main/java");
        List<Path> sources;
        try (Stream<Path> files = Files.walk(main)) {
            sources = files.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertThat(sources).as("the app's sources under " + main.toAbsolutePath()).hasSizeGreaterThan(100);

        List<String> tooLong = new ArrayList<>();
        for (Path source : sources) {
            long lines = lines(source);
            if (lines > MOST_LINES) {
                tooLong.add(main.relativize(source) + " (" + lines + " lines)");
            }
        }
        assertThat(tooLong).as("files over %d lines", MOST_LINES).isEmpty();
    }

    private static long lines(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
