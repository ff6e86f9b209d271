package io.beamwise.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.auto.value.AutoValue;
import io.beamwise.failure.Failure;
import io.beamwise.io.files.ReadLinesWithPosition;
import io.beamwise.io.files.WriteLines;
import io.beamwise.io.json.JsonRecords;
import io.beamwise.parse.EventTime;
import io.beamwise.parse.ParseJson;
import io.beamwise.parse.ParseResult;
import io.beamwise.parse.SourceLine;
import io.beamwise.windows.AggregateWindows;
import io.beamwise.windows.WindowResult;
import io.beamwise.windows.WindowSpec;
import io.beamwise.windows.WindowedAggregation;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.Validation;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Instant;

/**
 * Sessionization of click events, as in Bytewax's session-window example: clicks ({@code {"user":
 * "...", "page": "...", "ts": "2024-01-01T10:00:00Z"}}) → per-user session windows (a session ends
 * after {@code --gap} without a click) → one line per session with its start, end and number of
 * clicks. A click that comes after its session was closed (beyond {@code --lateness}) goes to the
 * dead letters with its file and line, as do lines that do not parse. Limit of session windows: a
 * late click is recognised by what the user's shard knows of the watermark (its session timers); a
 * click whose session expired after the shard's last timer is dropped by the runner and counted in
 * its {@code droppedDueToLateness} metric instead (see {@code AggregateWindows}).
 *
 * <pre>
 * java -cp ... io.beamwise.examples.ClickSessions --input='clicks/*.jsonl' --output=out/sessions
 * </pre>
 */
public final class ClickSessions {

  /** One click. */
  @DefaultSchema(AutoValueSchema.class)
  @AutoValue
  public abstract static class Click {
    public abstract String getUser();

    public abstract String getPage();

    public abstract Instant getTs();

    /** The file and line the click was read from (filled by the parser). */
    public abstract String getSource();

    public abstract long getLine();

    public static Click of(String user, String page, Instant ts, String source, long line) {
      return new AutoValue_ClickSessions_Click(user, page, ts, source, line);
    }
  }

  /** The command line. */
  public interface Options extends PipelineOptions {
    @Description("JSON Lines of clicks, a file or a glob") @Validation.Required
    String getInput();

    void setInput(String input);

    @Description("Output directory: sessions.jsonl and dead-letter.jsonl") @Validation.Required
    String getOutput();

    void setOutput(String output);

    @Description("Session windows and lateness, e.g. session:30m,lateness=10m")
    @Default.String("session:30m,lateness=10m")
    String getSessions();

    void setSessions(String sessions);
  }

  /** Sessions per user, and the clicks too late for theirs. */
  public record Sessions(
      PCollection<WindowResult<String, Long>> sessions, PCollection<Failure> lateClicks) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private ClickSessions() {}

  /** Counts each user's clicks per session; late clicks become {@code late_for_window} failures. */
  public static Sessions sessionize(PCollection<Click> clicks, WindowSpec sessions) {
    WindowedAggregation<String, Click, Long> agg =
        clicks
            .apply("By user", WithKeys.of(Click::getUser).withKeyType(TypeDescriptors.strings()))
            .apply("Sessions", AggregateWindows.perKey(sessions, Count.<Click>combineFn()));
    PCollection<Failure> late =
        agg.late()
            .apply(
                "Late clicks",
                MapElements.into(TypeDescriptor.of(Failure.class))
                    .via((KV<String, Click> kv) -> Failure.of("window", Failure.Reasons.LATE_FOR_WINDOW,
                        "click at " + kv.getValue().getTs() + " came after its session had closed",
                        null, kv.getValue().getSource(), kv.getValue().getLine(),
                        kv.getValue().toString(), Instant.now())));
    return new Sessions(agg.results(), late);
  }

  public static void main(String[] args) {
    Options options = PipelineOptionsFactory.fromArgs(args).withValidation().as(Options.class);
    Pipeline p = Pipeline.create(options);
    PCollection<SourceLine> lines = p.apply(ReadLinesWithPosition.from(options.getInput()));
    ParseResult<Click> clicks = lines.apply(
        ParseJson.to(Click.class).withEventTime(EventTime.iso("ts")).withPositionFields("source", "line"));
    Sessions s = sessionize(clicks.output(), WindowSpec.parse(options.getSessions()));
    s.sessions()
        .apply(MapElements.into(TypeDescriptors.strings()).via(ClickSessions::toJson))
        .apply("Write sessions", WriteLines.to(options.getOutput(), "sessions.jsonl"));
    PCollectionList.of(clicks.failures()).and(s.lateClicks()).apply(Flatten.pCollections())
        .apply(MapElements.into(TypeDescriptors.strings()).via(JsonRecords::failure))
        .apply("Write dead letters", WriteLines.to(options.getOutput(), "dead-letter.jsonl"));
    p.run().waitUntilFinish();
  }

  /** {@code {"user", "start", "end", "clicks"}}; the end is the last click plus the gap. */
  static String toJson(WindowResult<String, Long> s) {
    return JSON.createObjectNode()
        .put("user", s.getKey())
        .put("start", s.getWindowStart().toString())
        .put("end", s.getWindowEnd().toString())
        .put("clicks", s.getValue())
        .toString();
  }
}
