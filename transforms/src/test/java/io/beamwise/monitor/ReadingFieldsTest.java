package io.beamwise.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.SerializableFunctions;
import org.apache.beam.sdk.values.Row;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

class ReadingFieldsTest {

  private static final Schema SCHEMA =
      Schema.builder()
          .addStringField("device")
          .addNullableField("temp", Schema.FieldType.DOUBLE)
          .addNullableField("source", Schema.FieldType.STRING)
          .addNullableField("line", Schema.FieldType.INT64)
          .build();

  private static ReadingFields.Bound<Row> bound(boolean withPosition) {
    ReadingFields.ByName<Row> fields = ReadingFields.byName(List.of("device"), "temp");
    return (withPosition ? fields.withPositionFields("source", "line") : fields)
        .bind(SCHEMA, SerializableFunctions.identity());
  }

  @Test
  void anUnreadableRecordStillGivesItsPositionForTheDeadLetter() {
    Row row = Row.withSchema(SCHEMA).addValues("d1", null, "r.jsonl", 7L).build();
    ReadingFields.Bound<Row> b = bound(true);
    assertThrows(IllegalArgumentException.class, () -> b.read(row, Instant.EPOCH));
    assertEquals("r.jsonl", b.source(row));
    assertEquals(7L, b.line(row));
  }

  @Test
  void withoutReadablePositionFieldsTheDeadLetterHasNoPosition() {
    Row nullPosition = Row.withSchema(SCHEMA).addValues("d1", null, null, null).build();
    assertEquals("", bound(true).source(nullPosition));
    assertEquals(0L, bound(true).line(nullPosition));
    Row row = Row.withSchema(SCHEMA).addValues("d1", null, "r.jsonl", 7L).build();
    assertEquals("", bound(false).source(row));
    assertEquals(0L, bound(false).line(row));
  }

  @Test
  void aReadableRecordCarriesTheSamePosition() {
    Row row = Row.withSchema(SCHEMA).addValues("d1", 20.5, "r.jsonl", 7L).build();
    ReadingFields.Bound<Row> b = bound(true);
    assertEquals("r.jsonl:7", b.read(row, Instant.EPOCH).getSource() + ":" + b.read(row, Instant.EPOCH).getLine());
  }
}
