package io.beamwise.io.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.util.SerializableUtils;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientPropertiesTest {

  private static final String JAAS =
      "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"s3cr3t\";";

  @Test
  void securitySettingsAreSensitiveAndNeverShown(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("client.properties");
    Files.writeString(
        file,
        "security.protocol=SASL_SSL\nsasl.mechanism=PLAIN\nsasl.jaas.config=" + JAAS.replace("\\", "\\\\")
            + "\nssl.truststore.password=s3cr3t\ngroup.id=monitor\n");
    ClientProperties p = ClientProperties.fromFile(file);
    assertEquals(Map.of("security.protocol", "SASL_SSL", "group.id", "monitor"), p.plain());
    assertEquals(Set.of("sasl.mechanism", "sasl.jaas.config", "ssl.truststore.password"), p.sensitiveKeys());
    assertFalse(p.toString().contains("s3cr3t"), p.toString());

    // Display data of every transform in a pipeline, KafkaIO's own included.
    Pipeline pipeline = Pipeline.create();
    pipeline
        .apply(ReadFromKafka.from("127.0.0.1:9092", List.of("t")).withConsumerProperties(p))
        .apply(MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings()))
            .via(l -> KV.of(l.getSource(), l.getText())))
        .apply(WriteToKafka.to("127.0.0.1:9092", "out").withProducerProperties(p));
    StringBuilder shown = new StringBuilder();
    pipeline.traverseTopologically(
        new Pipeline.PipelineVisitor.Defaults() {
          @Override
          public CompositeBehavior enterCompositeTransform(TransformHierarchy.Node node) {
            if (node.getTransform() != null) {
              shown.append(DisplayData.from(node.getTransform())).append('\n');
            }
            return CompositeBehavior.ENTER_TRANSFORM;
          }

          @Override
          public void visitPrimitiveTransform(TransformHierarchy.Node node) {
            shown.append(DisplayData.from(node.getTransform())).append('\n');
          }
        });
    assertTrue(shown.toString().contains("group.id"), shown.toString()); // plain ones are shown
    assertTrue(shown.toString().contains("sasl.jaas.config"), shown.toString()); // names only
    assertFalse(shown.toString().contains("s3cr3t"), shown.toString());
    assertFalse(shown.toString().contains("PlainLoginModule"), shown.toString());
  }

  @Test
  void secretsFromAFileAreReadWhereTheClientIsCreatedAndNeverSerialized(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("client.properties");
    Files.writeString(
        file,
        "security.protocol=PLAINTEXT\nsasl.jaas.config=" + JAAS.replace("\\", "\\\\")
            + "\nssl.key.password=k3yp4ss\n");
    ClientProperties p = ClientProperties.fromFile(file).with("group.id", "g1");
    assertEquals(Map.of("security.protocol", "PLAINTEXT", "group.id", "g1"), p.plain());

    // Every transform of the pipeline, Java-serialized as runners ship them (KafkaIO's source, whose
    // splits a runner also keeps in its checkpoints, the DoFns and the client factories).
    Pipeline pipeline = Pipeline.create();
    pipeline
        .apply(ReadFromKafka.from("127.0.0.1:9092", List.of("t")).withConsumerProperties(p))
        .apply(MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings()))
            .via(l -> KV.of(l.getSource(), l.getText())))
        .apply(
            WriteToKafka.to("127.0.0.1:9092", "out")
                .withProducerProperties(p)
                .withExactlyOnce("sink-group", 1));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    pipeline.traverseTopologically(
        new Pipeline.PipelineVisitor.Defaults() {
          @Override
          public CompositeBehavior enterCompositeTransform(TransformHierarchy.Node node) {
            visitPrimitiveTransform(node);
            return CompositeBehavior.ENTER_TRANSFORM;
          }

          @Override
          public void visitPrimitiveTransform(TransformHierarchy.Node node) {
            if (node.getTransform() == null) {
              return;
            }
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
              out.writeObject(node.getTransform());
            } catch (IOException notSerializable) {
              // a transform that is not shipped as a Java object
            }
          }
        });
    String translated = new String(bytes.toByteArray(), StandardCharsets.ISO_8859_1);
    String serialized =
        new String(SerializableUtils.serializeToByteArray(p), StandardCharsets.ISO_8859_1);
    for (String secret : new String[] {"s3cr3t", "k3yp4ss", "PlainLoginModule"}) {
      assertFalse(translated.contains(secret), secret + " in the translated pipeline");
      assertFalse(serialized.contains(secret), secret + " in the serialized properties");
    }
    assertTrue(translated.contains(file.toAbsolutePath().toString()), "the file's path travels");

    // Where a client is created, the file is read.
    ClientProperties onWorker =
        (ClientProperties) SerializableUtils.deserializeFromByteArray(
            SerializableUtils.serializeToByteArray(p), "properties");
    assertEquals(Map.of("sasl.jaas.config", JAAS, "ssl.key.password", "k3yp4ss"), onWorker.sensitive());
    Files.delete(file);
    IllegalStateException gone = assertThrows(IllegalStateException.class, onWorker::sensitive);
    assertTrue(gone.getMessage().contains(file.toAbsolutePath().toString()), gone.getMessage());
  }

  @Test
  void sensitiveKeys() {
    assertTrue(ClientProperties.isSensitive("sasl.jaas.config"));
    assertTrue(ClientProperties.isSensitive("ssl.keystore.location"));
    assertTrue(ClientProperties.isSensitive("basic.auth.user.info"));
    assertTrue(ClientProperties.isSensitive("sasl.oauthbearer.token.endpoint.url"));
    assertFalse(ClientProperties.isSensitive("group.id"));
    assertFalse(ClientProperties.isSensitive("security.protocol"));
    assertFalse(ClientProperties.isSensitive("max.poll.records"));
  }
}
