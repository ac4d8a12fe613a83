package dev.ferry.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BinlogLiteralsTest {

    @Test
    void readsEnumLabelsWithQuotesBackslashesAndCharactersBeyondTheBmp() {
        assertEquals(List.of("a", "it's", "ü😀", "x\\y", ""), BinlogLiterals.quoted("enum('a','it''s','ü😀','x\\\\y','')"));
    }

    @Test
    void aColumnDefaultIsAConstantOnlyWhenItIsOneLiteralOrANumber() {
        assertEquals(Optional.of("it's \\ new"), BinlogColumnFacts.constant("'it''s \\\\ new'"));
        assertEquals(Optional.of("-1.50"), BinlogColumnFacts.constant("-1.50"));
        assertEquals(Optional.of("2024-02-29"), BinlogColumnFacts.constant("'2024-02-29'"));
        assertEquals(Optional.empty(), BinlogColumnFacts.constant("current_timestamp()"));
        assertEquals(Optional.empty(), BinlogColumnFacts.constant("NULL"));
        assertEquals(Optional.empty(), BinlogColumnFacts.constant(null));
        assertEquals(Optional.empty(), BinlogColumnFacts.constant("b'101'"));
        assertEquals(Optional.empty(), BinlogColumnFacts.constant("'a' || 'b'"));
    }
}
