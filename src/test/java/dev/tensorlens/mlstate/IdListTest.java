package dev.tensorlens.mlstate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdListTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            // text | ids (space-separated) | duplicates | blanks
            "1 2 3                         | 1 2 3   | 0 | 0",
            "`1,2;3\t4`                    | 1 2 3 4 | 0 | 0",
            "`1, 2, 3,`                    | 1 2 3   | 0 | 0",
            "`1,,2`                        | 1 2     | 0 | 1",
            "`1\n\n2\n`                    | 1 2     | 0 | 1",
            "`1,\r\n2,\r\n3,\r\n`          | 1 2 3   | 0 | 0",
            "`\"a\", 'b', \"\", c`         | a b c   | 0 | 1",
            "`[7, 123, 456, 7]`            | 7 123 456 | 1 | 0",
            "`b a b a c`                   | b a c   | 2 | 0",
            "`O'Brien, x`                  | O'Brien x | 0 | 0",
            "`   `                         | ``      | 0 | 0",
    })
    void parsesWhatPeopleTypeOrPaste(String text, String ids, int duplicates, int blanks) {
        IdList parsed = IdList.parse(text);
        List<String> expected = ids.isBlank() ? List.of() : Arrays.asList(ids.split(" "));
        assertThat(parsed.ids()).containsExactlyElementsOf(expected);
        assertThat(parsed.duplicates()).as("duplicates").isEqualTo(duplicates);
        assertThat(parsed.blanks()).as("blanks").isEqualTo(blanks);
    }

    @Test
    void aQuotedIdKeepsItsSpacesAndCommas() {
        assertThat(IdList.parse("\"img 1.png\", \"a,b\"\n'c d'").ids()).containsExactly("img 1.png", "a,b", "c d");
    }

    private static List<String> read(String file) {
        List<String> out = new ArrayList<>();
        IdList.reader(new StringReader(file)).forEachRemaining(out::add);
        return out;
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "`7\n123\n 456 \n`                                      | 7 123 456",
            "`id\n7\n7\n`                                           | 7 7",
            "`\uFEFFsample_id\n7\n`                                 | 7",
            "`image,label\nimg_001.png,3\nimg_002.png,5`            | img_001.png img_002.png",
            "`label,Sample_ID,x\n3,a1,0.5\n4,a2,0.1`                | a1 a2",
            "`7,3\n8,4`                                             | 7 8",
            "`img_001,3\nimg_002,4`                                 | img_001 img_002",
            "`idx\tlabel\n0\t1\n1\t2`                               | 0 1",
    })
    void readsTextAndCsvFiles(String file, String ids) {
        assertThat(read(file)).containsExactlyElementsOf(Arrays.asList(ids.split(" ")));
    }

    @Test
    void quotedCsvCellsAreReadAsCsvWritesThem() {
        assertThat(read("id,note\n\"a,1\",x\n\"say \"\"hi\"\"\",y\n  \"b\" ,z\n"))
                .containsExactly("a,1", "say \"hi\"", "b");
    }

    @Test
    void countsLinesAndBlanksAndDoesNotDeduplicate() {
        IdList.Reader reader = IdList.reader(new StringReader("id,label\n1,a\n\n,b\n1,c\n2"));
        List<String> out = new ArrayList<>();
        reader.forEachRemaining(out::add);

        assertThat(out).containsExactly("1", "1", "2");
        assertThat(reader.linesRead()).isEqualTo(6);
        assertThat(reader.blanksSkipped()).as("the blank line and the empty cell").isEqualTo(2);
        assertThat(reader.hasNext()).isFalse();
    }

    @Test
    void aFailedReadNamesTheLine() {
        Reader failing = new Reader() {
            private final StringReader start = new StringReader("1\n2\n");
            private boolean failed;

            @Override
            public int read(char[] buf, int off, int len) throws IOException {
                int n = start.read(buf, off, len);
                if (n < 0 && !failed) {
                    failed = true;
                    throw new IOException("disk gone");
                }
                return n;
            }

            @Override
            public void close() {
            }
        };
        IdList.Reader reader = IdList.reader(failing);
        assertThat(reader.next()).isEqualTo("1");
        assertThat(reader.next()).isEqualTo("2");
        assertThatThrownBy(reader::hasNext).isInstanceOf(UncheckedIOException.class)
                .hasMessage("Could not read line 3: disk gone");
    }
}
