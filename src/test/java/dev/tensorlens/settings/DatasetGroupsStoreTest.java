package dev.tensorlens.settings;

import dev.tensorlens.settings.DatasetGrouping.SplitRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DatasetGroupsStoreTest {

    @TempDir
    Path home;

    private AppDirs dirs() {
        return new AppDirs(home.resolve("config"), home.resolve("data"));
    }

    private Path file() {
        return dirs().config().resolve("dataset-groups.json");
    }

    private static final DatasetGrouping FACES = new DatasetGrouping("faces",
            List.of(new SplitRef("train", "faces:a"), new SplitRef("holdout", "faces:\\xff")));
    private static final DatasetGrouping REVIEWS = new DatasetGrouping("reviews", List.of(new SplitRef("test", "r:t")));

    @Test
    void groupsAreRememberedPerProfileAcrossRuns() {
        DatasetGroupsStore store = new DatasetGroupsStore(dirs(), Runnable::run);
        assertThat(store.groups("local")).isEmpty();
        store.save("local", List.of(FACES, REVIEWS));
        store.save("prod", List.of(REVIEWS));

        DatasetGroupsStore reopened = new DatasetGroupsStore(dirs(), Runnable::run);
        assertThat(reopened.groups("local")).containsExactly(FACES, REVIEWS);
        assertThat(reopened.groups("prod")).containsExactly(REVIEWS);
        assertThat(reopened.groups("other")).isEmpty();

        reopened.save("prod", List.of());
        assertThat(new DatasetGroupsStore(dirs(), Runnable::run).groups("prod")).as("an empty list forgets").isEmpty();
    }

    @Test
    void aBurstOfEditsIsOneWriteOfTheNewest() throws Exception {
        List<Runnable> queued = new ArrayList<>();
        DatasetGroupsStore store = new DatasetGroupsStore(dirs(), queued::add);
        store.save("local", List.of(FACES));
        store.save("local", List.of(FACES, REVIEWS));
        store.save("prod", List.of(REVIEWS));

        assertThat(store.groups("local")).as("holds at once").containsExactly(FACES, REVIEWS);
        assertThat(queued).hasSize(1);
        assertThat(file()).doesNotExist();
        queued.get(0).run();

        DatasetGroupsStore reopened = new DatasetGroupsStore(dirs(), Runnable::run);
        assertThat(reopened.groups("local")).containsExactly(FACES, REVIEWS);
        assertThat(reopened.groups("prod")).containsExactly(REVIEWS);
        store.save("local", List.of());
        assertThat(queued).as("a later edit queues a write again").hasSize(2);
    }

    @Test
    void aDamagedFileReadsAsNoGroupsAndIsKeptAsideBeforeItIsReplaced() throws Exception {
        Files.createDirectories(dirs().config());
        Files.writeString(file(), "{\"profiles\": {\"local\": [ {\"name\": \"x\", ");

        DatasetGroupsStore store = new DatasetGroupsStore(dirs(), Runnable::run);
        assertThat(store.groups("local")).isEmpty();
        store.save("local", List.of(FACES));

        assertThat(dirs().config().resolve("dataset-groups.json.damaged")).content().startsWith("{\"profiles\"");
        assertThat(new DatasetGroupsStore(dirs(), Runnable::run).groups("local")).containsExactly(FACES);
    }

    @Test
    void aDamagedEntryIsLeftOutAndTheRestRead() throws Exception {
        Files.createDirectories(dirs().config());
        Files.writeString(file(), """
                {"profiles": {
                  "local": [ {"splits": [{"name": "train", "key": "k"}]},
                             {"name": "ok", "splits": [{"name": "train", "key": "k"}], "addedLater": 1},
                             {"name": "bad split", "splits": [{"key": "k"}]} ],
                  "prod": "not a list" }}
                """);

        DatasetGroupsStore store = new DatasetGroupsStore(dirs(), Runnable::run);

        assertThat(store.groups("local")).containsExactly(new DatasetGrouping("ok", List.of(new SplitRef("train", "k"))));
        assertThat(store.groups("prod")).isEmpty();
    }
}
