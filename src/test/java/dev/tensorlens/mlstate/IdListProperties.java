package dev.tensorlens.mlstate;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;

/** Whatever separators and quotes people use, the ids come back distinct, in order, with the repeats counted. */
class IdListProperties {

    private static final List<String> SEPARATORS = List.of(",", ", ", ";", "\t", " ", "\n", "\r\n", "  ,\n");

    @Provide
    Arbitrary<List<String>> ids() {
        // ids as people have them: digits, names with _ . - (no separators or quotes: those are the format)
        return Arbitraries.strings().withChars("abcXYZ0123456789_.-").ofMinLength(1).ofMaxLength(8)
                .list().ofMaxSize(40);
    }

    @Property
    void parsedIdsAreTheDistinctOnesInFirstSeenOrder(@ForAll("ids") List<String> ids, @ForAll long seed) {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder();
        for (String id : ids) {
            String quote = switch (random.nextInt(3)) {
                case 0 -> "\"";
                case 1 -> "'";
                default -> "";
            };
            text.append(quote).append(id).append(quote).append(SEPARATORS.get(random.nextInt(SEPARATORS.size())));
        }

        IdList parsed = IdList.parse(text.toString());

        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(ids));
        assertEquals(distinct, parsed.ids());
        assertEquals(ids.size() - distinct.size(), parsed.duplicates());
        assertEquals(0, parsed.blanks());
    }

    @Property
    void aFileStreamsEveryIdOfItsColumnRepeatsIncluded(@ForAll("ids") List<String> ids, @ForAll boolean csv) {
        StringBuilder file = new StringBuilder(csv ? "label,sample_id\n" : "");
        for (String id : ids) {
            file.append(csv ? "3,\"" + id + "\"" : id).append('\n');
        }
        List<String> read = new ArrayList<>();
        IdList.Reader reader = IdList.reader(new StringReader(file.toString()));
        reader.forEachRemaining(read::add);

        assertEquals(ids, read);
        assertEquals((long) ids.size() + (csv ? 1 : 0), reader.linesRead());
    }

    private static void assertEquals(Object expected, Object actual) {
        if (!expected.equals(actual)) {
            throw new AssertionError("expected " + expected + " but was " + actual);
        }
    }
}
