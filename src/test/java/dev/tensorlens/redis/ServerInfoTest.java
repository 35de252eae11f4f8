package dev.tensorlens.redis;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ServerInfoTest {

    static final String INFO = String.join("\r\n",
            "# Server",
            "redis_version:6.2.11",
            "redis_mode:standalone",
            "uptime_in_seconds:42",
            "",
            "# Memory",
            "used_memory:1048576",
            "used_memory_human:1.00M",
            "",
            "# Persistence",
            "rdb_changes_since_last_save:7",
            "aof_enabled:0",
            "",
            "# Replication",
            "role:master",
            "",
            "# Keyspace",
            "db0:keys=12,expires=3,avg_ttl=5000",
            "db5:keys=1,expires=0,avg_ttl=0",
            "db9:garbage",
            "");

    @Test
    void readsSectionsInOrderAndTypedFields() {
        ServerInfo info = ServerInfo.parse(INFO);

        assertThat(info.sections().keySet()).containsExactly("server", "memory", "persistence", "replication", "keyspace");
        assertThat(info.version()).isEqualTo("6.2.11");
        assertThat(info.versionNumber()).isEqualTo(602);
        assertThat(info.mode()).isEqualTo("standalone");
        assertThat(info.role()).isEqualTo("master");
        assertThat(info.getLong("used_memory")).hasValue(1_048_576);
        assertThat(info.getLong("used_memory_human")).isEmpty();
        assertThat(info.section("Persistence")).containsEntry("aof_enabled", "0");
        assertThat(info.keyspace()).containsExactly(
                new ServerInfo.KeyspaceEntry(0, 12, 3, 5000),
                new ServerInfo.KeyspaceEntry(5, 1, 0, 0));
    }

    @Test
    void emptyOrOddTextGivesEmptyInfoNotAnError() {
        assertThat(ServerInfo.parse("").sections()).isEmpty();
        assertThat(ServerInfo.parse(null).version()).isNull();
        assertThat(ServerInfo.parse("no colon here\n:leading colon").sections()).isEmpty();
    }

    @Test
    void readsRoleReplies() {
        assertThat(ServerRole.parse(List.of("master".getBytes(), 3129659L,
                List.of(List.of("10.0.0.2".getBytes(), "6379".getBytes(), "3129242".getBytes())))).describe())
                .isEqualTo("master · 1 replica");
        assertThat(ServerRole.parse(List.of("slave".getBytes(), "10.0.0.1".getBytes(), 6379L,
                "connected".getBytes(), 3167038L)).describe())
                .isEqualTo("replica of 10.0.0.1:6379 (connected)");
        assertThat(ServerRole.parse(List.of()).role()).isEqualTo("unknown");
    }

    @Test
    void aMastersSlotsAreJoinedIntoRangesAndCountedWhenThereAreMany() {
        List<ClusterMaster.SlotRange> ranges = ClusterMaster.ranges(List.of(7, 0, 2, 1, 9, 10));
        assertThat(ranges).extracting(ClusterMaster.SlotRange::toString).containsExactly("0-2", "7", "9-10");
        assertThat(new ClusterMaster("a:1", ranges, 0, 0).slotsText()).isEqualTo("0-2, 7, 9-10");
        assertThat(new ClusterMaster("a:1", ranges, 0, 0).slotCount()).isEqualTo(6);

        List<ClusterMaster.SlotRange> resharded = ClusterMaster.ranges(List.of(0, 2, 4, 6, 8, 9));
        assertThat(new ClusterMaster("a:1", resharded, 0, 0).slotsText()).isEqualTo("6 slots in 5 ranges");
        assertThat(new ClusterMaster("a:1", List.of(), 0, 0).slotsText()).isEqualTo("no slots");
    }
}
