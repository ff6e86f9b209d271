package io.beamwise.examples;

import io.beamwise.testing.TestPipelineExtension;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.KV;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class WordCountTest {

  @Test
  void countsLowerCasedWordsWithoutPunctuationOrDigits(TestPipeline p) {
    PAssert.that(
            p.apply(Create.of("To be, or not to be: that is the question.", "", "Be 42 quick!"))
                .apply(WordCount.countWords()))
        .containsInAnyOrder(
            KV.of("to", 2L), KV.of("be", 3L), KV.of("or", 1L), KV.of("not", 1L), KV.of("that", 1L),
            KV.of("is", 1L), KV.of("the", 1L), KV.of("question", 1L), KV.of("quick", 1L));
    p.run();
  }
}
