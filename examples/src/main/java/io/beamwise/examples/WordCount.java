package io.beamwise.examples;

import java.util.Arrays;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.Validation;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Bytewax's word count in Beam: lines → lower case (map) → words (flat_map) → a count per word.
 * Words are what Bytewax's example keeps: runs of characters other than white space and
 * {@code !,.?":;} and digits.
 *
 * <pre>
 * java -cp ... io.beamwise.examples.WordCount --input=book.txt --output=out/wordcount
 * </pre>
 */
public final class WordCount {

  /** The command line. */
  public interface Options extends PipelineOptions {
    @Description("Text file(s) to count, a file or a glob") @Validation.Required
    String getInput();

    void setInput(String input);

    @Description("Output prefix: files word-count-*.txt of 'word: count' lines")
    @Validation.Required
    String getOutput();

    void setOutput(String output);
  }

  private WordCount() {}

  /** Lines → (word, count), words in lower case. */
  public static PTransform<PCollection<String>, PCollection<KV<String, Long>>> countWords() {
    return new PTransform<>() {
      @Override
      public PCollection<KV<String, Long>> expand(PCollection<String> lines) {
        return lines
            .apply("Lower", MapElements.into(TypeDescriptors.strings()).via(String::toLowerCase))
            .apply(
                "Words",
                FlatMapElements.into(TypeDescriptors.strings())
                    .via((String line) -> Arrays.stream(line.split("[\\s!,.?\":;0-9]+"))
                        .filter(w -> !w.isEmpty())
                        .toList()))
            .apply("Count", Count.perElement());
      }
    };
  }

  public static void main(String[] args) {
    Options options = PipelineOptionsFactory.fromArgs(args).withValidation().as(Options.class);
    Pipeline p = Pipeline.create(options);
    p.apply(TextIO.read().from(options.getInput()))
        .apply(countWords())
        .apply(MapElements.into(TypeDescriptors.strings()).via((KV<String, Long> kv) -> kv.getKey() + ": " + kv.getValue()))
        .apply(TextIO.write().to(options.getOutput() + "/word-count").withSuffix(".txt"));
    p.run().waitUntilFinish();
  }
}
