package dev.tensorlens;

import net.jqwik.api.Group;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.platform.commons.annotation.Testable;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Surefire runs only the test classes whose file names match the {@code <includes>} (and not the {@code <excludes>})
 * of its configuration in pom.xml, and says nothing about the rest: KeyIndexProperties, ChunkingProperties and
 * RobustnessProperties were never run that way. This looks at every class compiled into target/test-classes
 * that holds a test, that is a method annotated, directly or through its annotations, with the JUnit Platform's
 * {@link Testable} (JUnit's {@code @Test}, {@code @ParameterizedTest}, {@code @RepeatedTest}, {@code @TestFactory},
 * {@code @TestTemplate}; jqwik's {@code @Property} and {@code @Example}), and names each one Surefire would skip.
 *
 * <ul>
 *   <li>Abstract classes and interfaces are not run themselves; the concrete classes that inherit their tests are
 *       checked instead.</li>
 *   <li>A JUnit {@code @Nested} or jqwik {@code @Group} inner class runs with the top-level class around it, so that
 *       class's name is the one checked. Any other nested class with tests (a static one, say) is its own
 *       {@code Outer$Inner} class file, which Surefire's default exclude {@code **}{@code /*$*} skips: it is
 *       reported.</li>
 *   <li>Support classes (fixtures, the Redis harness, benchmarks) hold no test method and are left alone.</li>
 * </ul>
 */
class EveryTestClassRunsTest {

    /** What Surefire uses when the pom names no includes (maven-surefire-plugin 3.x). */
    static final List<String> SUREFIRE_DEFAULT_INCLUDES =
            List.of("**/Test*.java", "**/*Test.java", "**/*Tests.java", "**/*TestCase.java");
    /** What Surefire uses when the pom names no excludes: nested classes, which run through their outer class. */
    static final List<String> SUREFIRE_DEFAULT_EXCLUDES = List.of("**/*$*");

    @Test
    void surefireRunsEveryClassThatHoldsTests() throws Exception {
        Path testClasses = testClassesDirectory();
        Path pom = pomAbove(testClasses);
        List<String> includes = surefirePatterns(pom, "includes/include", SUREFIRE_DEFAULT_INCLUDES);
        List<String> excludes = surefirePatterns(pom, "excludes/exclude", SUREFIRE_DEFAULT_EXCLUDES);

        Set<Class<?>> holdingTests = classesHoldingTests(testClasses);
        Set<String> skipped = new TreeSet<>();
        for (Class<?> c : holdingTests) {
            Class<?> selected = classSurefireMustSelect(c);
            String file = selected.getName().replace('.', '/') + ".class";
            if (!matchesAny(includes, file) || matchesAny(excludes, file)) {
                skipped.add(c == selected ? c.getName() : c.getName() + " (runs through " + selected.getName() + ")");
            }
        }

        // the search itself must work, or this test would pass by finding nothing
        assertThat(holdingTests).as("classes with JUnit tests found in " + testClasses).contains(getClass());
        assertThat(holdingTests).as("classes with jqwik properties found in " + testClasses)
                .anyMatch(c -> Stream.of(c.getDeclaredMethods()).anyMatch(m -> m.isAnnotationPresent(Property.class)));
        assertThat(skipped)
                .as("test classes that Surefire never runs: their names match none of the includes %s in %s (or match "
                        + "the excludes %s). Rename them, or add a pattern to maven-surefire-plugin's <includes>",
                        includes, pom, excludes)
                .isEmpty();
    }

    @Test
    void patternsMatchTheWaySurefireMatchesClassFiles() {
        assertThat(matches("**/*Test.java", "dev/tensorlens/redis/KeyScannerTest.class")).isTrue();
        assertThat(matches("**/*Test.java", "TopLevelTest.class")).as("** also matches no folder").isTrue();
        assertThat(matches("**/*Test.java", "dev/tensorlens/redis/KeyScannerTests.class")).isFalse();
        assertThat(matches("**/*Test.java", "dev/tensorlens/tensor/codec/RobustnessProperties.class")).isFalse();
        assertThat(matches("**/*Properties.java", "dev/tensorlens/tensor/codec/RobustnessProperties.class")).isTrue();
        assertThat(matches("**/Test*.java", "dev/tensorlens/support/TestUiThread.class")).isTrue();
        assertThat(matches("**/*$*", "dev/tensorlens/ui/browser/KeyTreeModelTest$ManualExecutor.class")).isTrue();
        assertThat(matches("**/*$*", "dev/tensorlens/ui/browser/KeyTreeModelTest.class")).isFalse();
        assertThat(matches("dev/*/FooTest.java", "dev/a/b/FooTest.class")).as("* stays within one folder").isFalse();
    }

    // ------------------------------------------------------------------ finding the classes that hold tests

    static Path testClassesDirectory() throws Exception {
        return Path.of(EveryTestClassRunsTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** The pom of the module these classes were built from: the first pom.xml above target/test-classes. */
    static Path pomAbove(Path testClasses) {
        for (Path dir = testClasses; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir.resolve("pom.xml");
            }
        }
        throw new IllegalStateException("no pom.xml above " + testClasses);
    }

    static Set<Class<?>> classesHoldingTests(Path testClasses) throws Exception {
        Set<Class<?>> found = new LinkedHashSet<>();
        ClassLoader loader = EveryTestClassRunsTest.class.getClassLoader();
        try (Stream<Path> files = Files.walk(testClasses)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                String relative = testClasses.relativize(file).toString().replace('\\', '/');
                if (relative.endsWith("module-info.class") || relative.endsWith("package-info.class")) {
                    continue;
                }
                String name = relative.substring(0, relative.length() - ".class".length()).replace('/', '.');
                Class<?> c = Class.forName(name, false, loader); // not initialised: no static set-up runs
                if (!c.isInterface() && !Modifier.isAbstract(c.getModifiers()) && !c.isAnonymousClass()
                        && !c.isLocalClass() && !c.isSynthetic() && holdsTests(c)) {
                    found.add(c);
                }
            }
        }
        return found;
    }

    /** Whether {@code c} declares or inherits (from superclasses and interfaces' default methods) a test method. */
    static boolean holdsTests(Class<?> c) {
        Set<Class<?>> seen = new HashSet<>();
        List<Class<?>> todo = new ArrayList<>(List.of(c));
        while (!todo.isEmpty()) {
            Class<?> k = todo.remove(todo.size() - 1);
            if (k == null || k == Object.class || !seen.add(k)) {
                continue;
            }
            for (Method m : k.getDeclaredMethods()) {
                for (Annotation a : m.getAnnotations()) {
                    if (isTestable(a.annotationType(), new HashSet<>())) {
                        return true;
                    }
                }
            }
            todo.add(k.getSuperclass());
            todo.addAll(List.of(k.getInterfaces()));
        }
        return false;
    }

    /** {@link Testable} itself, or an annotation carrying it at any depth ({@code @ParameterizedTest} → {@code @TestTemplate} → it). */
    static boolean isTestable(Class<? extends Annotation> type, Set<Class<?>> seen) {
        if (type == Testable.class) {
            return true;
        }
        if (!seen.add(type)) {
            return false;
        }
        for (Annotation meta : type.getAnnotations()) {
            if (isTestable(meta.annotationType(), seen)) {
                return true;
            }
        }
        return false;
    }

    /** The class Surefire has to pick for {@code c}'s tests to run: the outermost of a chain of @Nested/@Group inner classes. */
    static Class<?> classSurefireMustSelect(Class<?> c) {
        Class<?> k = c;
        while (k.getEnclosingClass() != null && !Modifier.isStatic(k.getModifiers())
                && (k.isAnnotationPresent(Nested.class) || k.isAnnotationPresent(Group.class))) {
            k = k.getEnclosingClass();
        }
        return k;
    }

    // ------------------------------------------------------------------ Surefire's configuration and patterns

    /** The {@code <include>} or {@code <exclude>} patterns of maven-surefire-plugin in the pom, or Surefire's defaults. */
    static List<String> surefirePatterns(Path pom, String path, List<String> defaults) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance(); // not namespace aware: plain names
        Document doc = factory.newDocumentBuilder().parse(pom.toFile());
        NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath().evaluate(
                "/project/build/plugins/plugin[artifactId='maven-surefire-plugin']/configuration/" + path,
                doc, XPathConstants.NODESET);
        List<String> patterns = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            for (String p : nodes.item(i).getTextContent().split(",")) {
                if (!p.isBlank()) {
                    patterns.add(p.trim());
                }
            }
        }
        return patterns.isEmpty() ? defaults : patterns;
    }

    static boolean matchesAny(List<String> patterns, String classFile) {
        return patterns.stream().anyMatch(p -> matches(p, classFile));
    }

    /**
     * Surefire's Ant-style matching of a pattern ({@code **} any folders, {@code *} and {@code ?} within a name)
     * against a class file's path; {@code .java} in a pattern stands for the compiled {@code .class}. The other forms
     * Surefire knows ({@code %regex[…]}, {@code !…}, {@code Class#method}) are refused rather than misread.
     */
    static boolean matches(String pattern, String classFile) {
        if (pattern.startsWith("%regex[") || pattern.startsWith("!") || pattern.contains("#")) {
            throw new IllegalArgumentException("EveryTestClassRunsTest does not understand the Surefire pattern "
                    + pattern + " yet: teach matches() about it");
        }
        String p = pattern.endsWith(".java") ? pattern.substring(0, pattern.length() - 5) + ".class" : pattern;
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < p.length(); i++) {
            char ch = p.charAt(i);
            if (p.startsWith("**/", i)) {
                regex.append("(?:.*/)?");
                i += 2;
            } else if (p.startsWith("**", i)) {
                regex.append(".*");
                i += 1;
            } else if (ch == '*') {
                regex.append("[^/]*");
            } else if (ch == '?') {
                regex.append("[^/]");
            } else {
                regex.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return Pattern.matches(regex.toString(), classFile);
    }
}
