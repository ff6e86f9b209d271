// scripts/kafka tail: prints a topic's records as they arrive, one a line, like Quix's sdf.print().
// Run by scripts/kafka with the Kafka jars of scripts/kafka-classpath (Java's source-file mode:
// no build step). Reads with no consumer group (assigned partitions, nothing committed), so it
// never moves anyone's offsets.
//   java -cp KAFKA_CLASSPATH KafkaTail.java BOOTSTRAP TOPIC|REGEX FROM_BEGINNING MAX
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

public class KafkaTail {

  public static void main(String[] args) {
    String bootstrap = args[0];
    // A plain topic name is matched literally; anything else is a regular expression.
    Pattern topics = args[1].matches("[A-Za-z0-9._-]+") ? Pattern.compile(Pattern.quote(args[1])) : Pattern.compile(args[1]);
    boolean fromBeginning = Boolean.parseBoolean(args[2]);
    long max = Long.parseLong(args[3]);
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "beamwise-kafka-tail");
    long printed = 0;
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
      Set<TopicPartition> assigned = new HashSet<>();
      long lastLookup = 0;
      boolean firstLookup = true;
      System.err.println("scripts/kafka tail: waiting for records on " + args[1] + " at " + bootstrap
          + (fromBeginning ? " (from the beginning)" : " (new records only)") + "; Ctrl-C stops");
      while (max <= 0 || printed < max) {
        if (System.currentTimeMillis() - lastLookup > 1000) {
          // New topics and partitions (a job's output topics appear once it writes) join as found.
          lastLookup = System.currentTimeMillis();
          List<TopicPartition> added = new ArrayList<>();
          for (var e : consumer.listTopics(Duration.ofSeconds(5)).entrySet()) {
            if (!e.getKey().startsWith("__") && topics.matcher(e.getKey()).matches()) {
              for (PartitionInfo info : e.getValue()) {
                TopicPartition tp = new TopicPartition(info.topic(), info.partition());
                if (assigned.add(tp)) {
                  added.add(tp);
                }
              }
            }
          }
          if (!added.isEmpty()) {
            consumer.assign(new ArrayList<>(assigned));
            if (fromBeginning || !firstLookup) {
              // Partitions that appear after the start are read from their beginning: nothing is missed.
              consumer.seekToBeginning(added);
            } else {
              consumer.seekToEnd(added);
            }
          }
          firstLookup = false;
        }
        if (assigned.isEmpty()) {
          sleep();
          continue;
        }
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          System.out.println(r.topic() + "[" + r.partition() + "]@" + r.offset() + "  "
              + Instant.ofEpochMilli(r.timestamp()) + "  " + (r.key() == null ? "-" : r.key()) + "  " + r.value());
          if (max > 0 && ++printed >= max) {
            break;
          }
        }
        System.out.flush();
      }
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RuntimeException(e);
    }
  }
}
