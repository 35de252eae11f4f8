package dev.tensorlens.redis;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectionProfileTest {

    @Test
    void readsPlainAndTlsUris() {
        ConnectionProfile p = ConnectionProfile.fromUri("redis://alice:p%40ss@cache.example.com:6380/3");

        assertThat(p.mode()).isEqualTo(ConnectionMode.STANDALONE);
        assertThat(p.host()).isEqualTo("cache.example.com");
        assertThat(p.port()).isEqualTo(6380);
        assertThat(p.database()).isEqualTo(3);
        assertThat(p.username()).isEqualTo("alice");
        assertThat(p.password()).isEqualTo("p@ss");
        assertThat(p.tls()).isFalse();
        assertThat(p.target()).isEqualTo("cache.example.com:6380 db 3");
        assertThat(p.toUri()).isEqualTo("redis://alice@cache.example.com:6380/3");

        ConnectionProfile tls = ConnectionProfile.fromUri("rediss://:token@[::1]");
        assertThat(tls.tls()).isTrue();
        assertThat(tls.host()).isEqualTo("::1");
        assertThat(tls.port()).isEqualTo(6379);
        assertThat(tls.username()).isNull();
        assertThat(tls.password()).isEqualTo("token");
        assertThat(tls.address()).isEqualTo("[::1]:6379");
    }

    @Test
    void readsSentinelUris() {
        ConnectionProfile p = ConnectionProfile.fromUri("redis-sentinel://s1,s2:26380/2#mymaster");

        assertThat(p.mode()).isEqualTo(ConnectionMode.SENTINEL);
        assertThat(p.sentinelNodes()).containsExactly("s1:26379", "s2:26380");
        assertThat(p.sentinelMaster()).isEqualTo("mymaster");
        assertThat(p.database()).isEqualTo(2);
        assertThat(p.problems()).isEmpty();
        assertThat(ConnectionProfile.fromUri(p.toUri()).sentinelNodes()).isEqualTo(p.sentinelNodes());
    }

    @Test
    void eachCommandLineServerIsItsOwnConnectionWhateverItsPassword() {
        ConnectionProfile first = ConnectionProfile.fromCommandLine("redis://:secret@10.0.0.5:6380/2");
        ConnectionProfile again = ConnectionProfile.fromCommandLine("redis://:rotated@10.0.0.5:6380/2");
        ConnectionProfile other = ConnectionProfile.fromCommandLine("redis://10.0.0.6:6380/2");
        ConnectionProfile otherDb = ConnectionProfile.fromCommandLine("redis://:secret@10.0.0.5:6380/3");

        assertThat(first.name()).isEqualTo("Command line");
        assertThat(first.id()).isEqualTo(again.id()).doesNotContain("secret");
        assertThat(first.password()).isEqualTo("secret");
        assertThat(List.of(other.id(), otherDb.id())).doesNotContain(first.id()).doesNotHaveDuplicates();
    }

    @Test
    void refusesWhatIsNotAUriWithAReason() {
        assertThatThrownBy(() -> ConnectionProfile.fromUri("localhost:6379"))
                .hasMessageContaining("is not a redis:// URI");
        assertThatThrownBy(() -> ConnectionProfile.fromUri("http://x"))
                .hasMessageContaining("Unknown scheme 'http'");
        assertThatThrownBy(() -> ConnectionProfile.fromUri("redis://host:port"))
                .hasMessageContaining("'port' in 'host:port' is not a port number");
        assertThatThrownBy(() -> ConnectionProfile.fromUri("redis://host/abc"))
                .hasMessageContaining("not a database number");
    }

    @Test
    void problemsAreSentences() {
        ConnectionProfile cluster = ConnectionProfile.builder()
                .mode(ConnectionMode.CLUSTER).database(2).clusterNodes(List.of("a:70000")).build();

        assertThat(cluster.problems()).containsExactly(
                "Redis Cluster only has database 0.",
                "Node port 70000 is not between 1 and 65535.");
        assertThat(ConnectionProfile.local().problems()).isEmpty();
    }
}
