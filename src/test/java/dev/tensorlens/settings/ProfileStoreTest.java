package dev.tensorlens.settings;

import dev.tensorlens.redis.ConnectionMode;
import dev.tensorlens.redis.ConnectionProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProfileStoreTest {

    @TempDir
    Path home;

    ProfileStore store() {
        return new ProfileStore(new AppDirs(home.resolve("config"), home.resolve("data")));
    }

    @Test
    void passwordsAreNotWrittenUnlessTheUserAsks() throws Exception {
        ConnectionProfile forgotten = ConnectionProfile.builder().name("prod").host("prod.example").password("hunter2").build();
        ConnectionProfile remembered = ConnectionProfile.builder().name("dev").password("devpass").rememberPassword(true)
                .username("alice").build();

        store().save(List.of(forgotten, remembered));

        String profilesJson = Files.readString(store().profilesFile());
        assertThat(profilesJson).contains("prod.example", "alice").doesNotContain("hunter2", "devpass");
        String credentials = Files.readString(store().credentialsFile());
        assertThat(credentials).contains("devpass").doesNotContain("hunter2");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store().credentialsFile())))
                .isEqualTo("rw-------");

        List<ConnectionProfile> loaded = store().load();
        assertThat(loaded).extracting(ConnectionProfile::name).containsExactly("prod", "dev");
        assertThat(loaded.get(0).password()).isNull();
        assertThat(loaded.get(1).password()).isEqualTo("devpass");
        assertThat(loaded.get(1)).isEqualTo(remembered);
    }

    @Test
    void everyFieldSurvivesTheRoundTrip() throws Exception {
        ConnectionProfile sentinel = ConnectionProfile.builder().name("ha").mode(ConnectionMode.SENTINEL)
                .sentinelMaster("mymaster").sentinelNodes(List.of("s1:26379", "s2:26379")).database(3)
                .tls(true).caFile("/etc/ca.pem").verifyPeer(false).readOnly(true).commandTimeoutMillis(2500).build();

        store().save(List.of(sentinel));

        assertThat(store().load()).containsExactly(sentinel);
    }

    @Test
    void forgettingAPasswordRemovesTheCredentialsFile() throws Exception {
        ConnectionProfile p = ConnectionProfile.builder().name("dev").password("pw").rememberPassword(true).build();
        store().save(List.of(p));
        assertThat(store().credentialsFile()).exists();

        store().save(List.of(p.toBuilder().rememberPassword(false).build()));

        assertThat(store().credentialsFile()).doesNotExist();
    }

    @Test
    void noFileMeansNoProfiles() throws Exception {
        assertThat(store().load()).isEmpty();
    }

    @Test
    void damagedFileIsReportedNotSilentlyDropped() throws Exception {
        Files.createDirectories(store().profilesFile().getParent());
        Files.writeString(store().profilesFile(), "{\"version\": 1, \"profiles\": [ {\"name\": ");

        assertThatThrownBy(() -> store().load())
                .hasMessageStartingWith("The saved profiles in " + store().profilesFile() + " could not be read");
        assertThat(Files.readString(store().profilesFile())).as("left as it was").endsWith("\"name\": ");
    }

    @Test
    void fieldsFromANewerVersionAreIgnored() throws Exception {
        Files.createDirectories(store().profilesFile().getParent());
        Files.writeString(store().profilesFile(),
                "{\"version\": 2, \"profiles\": [{\"id\": \"x\", \"name\": \"new\", \"port\": 6380, \"colour\": \"teal\"}]}");

        assertThat(store().load()).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("new");
            assertThat(p.port()).isEqualTo(6380);
            assertThat(p.host()).isEqualTo("127.0.0.1");
        });
    }
}
