package io.beamwise.pipelines;

import java.lang.reflect.Method;
import java.util.Locale;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** The lines of a pipeline's {@code --help} that list its main options first. */
final class MainOptions {

  private MainOptions() {}

  /**
   * {@code  --name=DEFAULT}, then its description indented on the next line, read from the
   * getter's {@link Description} and {@code Default} annotations.
   *
   * @throws IllegalArgumentException if {@code options} has no getter for {@code name}
   */
  static String describe(Class<? extends PipelineOptions> options, String name) {
    String getter = "get" + name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
    Method m;
    try {
      m = options.getMethod(getter);
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(options.getSimpleName() + " has no option --" + name, e);
    }
    Description d = m.getAnnotation(Description.class);
    return "  --" + name + defaultOf(m) + "\n      " + (d == null ? "" : d.value());
  }

  private static String defaultOf(Method m) {
    Default.String s = m.getAnnotation(Default.String.class);
    if (s != null) {
      return "=" + s.value();
    }
    Default.Boolean b = m.getAnnotation(Default.Boolean.class);
    if (b != null) {
      return "=" + b.value();
    }
    Default.Integer i = m.getAnnotation(Default.Integer.class);
    return i != null ? "=" + i.value() : "";
  }
}
