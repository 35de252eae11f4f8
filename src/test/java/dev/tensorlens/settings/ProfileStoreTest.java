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

        List<ConnectionProfile> loaded = store().load().profiles();
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

        assertThat(store().load().profiles()).containsExactly(sentinel);
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
        assertThat(store().load().profiles()).isEmpty();
    }

    @Test
    void damagedProfilesAreSetAsideNotOverwritten() throws Exception {
        Files.createDirectories(store().profilesFile().getParent());
        String damaged = "{\"version\": 1, \"profiles\": [ {\"name\": ";
        Files.writeString(store().profilesFile(), damaged);

        ProfileStore.Loaded loaded = store().load();

        assertThat(loaded.profiles()).isEmpty();
        assertThat(loaded.warnings()).singleElement().asString()
                .startsWith("The saved profiles could not be read (not valid JSON at line 1, column ")
                .contains("It was kept as profiles.json.damaged-");
        assertThat(store().profilesFile()).doesNotExist();
        try (var files = Files.list(store().profilesFile().getParent())) {
            Path aside = files.filter(f -> f.getFileName().toString().startsWith("profiles.json.damaged-"))
                    .findFirst().orElseThrow();
            assertThat(Files.readString(aside)).isEqualTo(damaged);
        }
        store().save(List.of(ConnectionProfile.local()));
        try (var files = Files.list(store().profilesFile().getParent())) {
            assertThat(files.filter(f -> f.getFileName().toString().startsWith("profiles.json.damaged-")))
                    .as("a later save leaves the damaged copy alone").hasSize(1);
        }
    }

    @Test
    void damagedPasswordsCostOnlyThePasswords() throws Exception {
        ConnectionProfile a = ConnectionProfile.builder().name("a").password("pa").rememberPassword(true).build();
        ConnectionProfile b = ConnectionProfile.builder().name("b").build();
        store().save(List.of(a, b));
        Files.writeString(store().credentialsFile(), "not json");

        ProfileStore.Loaded loaded = store().load();

        assertThat(loaded.profiles()).extracting(ConnectionProfile::name).containsExactly("a", "b");
        assertThat(loaded.profiles().get(0).password()).isNull();
        assertThat(loaded.warnings()).singleElement().asString()
                .startsWith("The remembered passwords could not be read")
                .endsWith("Profiles open without their passwords.");
    }

    @Test
    void fieldsFromANewerVersionAreIgnored() throws Exception {
        Files.createDirectories(store().profilesFile().getParent());
        Files.writeString(store().profilesFile(),
                "{\"version\": 2, \"profiles\": [{\"id\": \"x\", \"name\": \"new\", \"port\": 6380, \"colour\": \"teal\"}]}");

        assertThat(store().load().profiles()).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("new");
            assertThat(p.port()).isEqualTo(6380);
            assertThat(p.host()).isEqualTo("127.0.0.1");
        });
    }
}
