package dev.ferry.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class BinlogEnumConverterTest {

    @Test
    void mapsStreamedEnumIndexesAndSetMasksToTheCatalogsLabels() {
        BinlogEnumConverter.Labels labels = new BinlogEnumConverter.Labels(List.of("a", "ü😀", "c"), List.of("a", "ü?", "c"));
        assertEquals("ü😀", BinlogEnumConverter.label(2, labels, null));
        assertEquals("", BinlogEnumConverter.label(0, labels, null));
        assertEquals("a", BinlogEnumConverter.label("a", labels, null));
        assertEquals("a,c", BinlogEnumConverter.set(5L, labels, null));
        assertEquals("", BinlogEnumConverter.set(0L, labels, null));
    }

    @Test
    void putsRightALabelDebeziumChangedByItsPosition() {
        BinlogEnumConverter.Labels labels = new BinlogEnumConverter.Labels(List.of("a", "ü😀", "𝔸😀"), List.of("a", "ü?", "??"));
        assertEquals("ü😀", BinlogEnumConverter.label("ü?", labels, null));
        assertEquals("a,𝔸😀", BinlogEnumConverter.set("a,??", labels, null));
        BinlogEnumConverter.Labels ambiguous = new BinlogEnumConverter.Labels(List.of("😀", "😁"), List.of("?", "?"));
        assertEquals("?", BinlogEnumConverter.label("?", ambiguous, null));
    }
}
