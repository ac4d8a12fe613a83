package dev.ferry.ops.cutover;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.ops.config.DbType;
import org.junit.jupiter.api.Test;

/** Source lag is log bytes capture has not confirmed; across binlog files it is not a byte count. */
class SourceLagTest {

    @Test
    void postgresLagIsTheWalTheSlotHoldsBack() {
        assertEquals(new SourceLag.Behind("legacy", 4096, "WAL bytes the replication slot holds back"),
                SourceLag.behind("legacy", DbType.POSTGRES, 0x1_0000_2000L, 0x1_0000_1000L));
    }

    @Test
    void binlogLagCountsBytesInTheSameFileOnly() {
        long file7 = 7L << 32;
        assertEquals(300, SourceLag.behind("shop", DbType.MARIADB, file7 | 1300, file7 | 1000).bytesBehind());
        assertEquals(-1, SourceLag.behind("shop", DbType.MARIADB, (8L << 32) | 10, file7 | 1000).bytesBehind());
    }

    @Test
    void nothingConfirmedYetIsUnknown() {
        assertEquals(-1, SourceLag.behind("legacy", DbType.POSTGRES, 5000, -1).bytesBehind());
    }
}
