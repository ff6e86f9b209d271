package io.beamwise.pipelines.sensormonitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.services.dataflow.model.DataflowPackage;
import java.io.IOException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.beam.runners.dataflow.options.DataflowPipelineDebugOptions;
import org.apache.beam.runners.dataflow.util.PackageUtil;
import org.apache.beam.runners.dataflow.util.Stager;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Runs the DataflowRunner up to the job it would submit, without network or credentials: the
 * job is written to {@code --templateLocation} (a local file) instead of being submitted, the
 * credential factory gives no credentials, the path validator accepts {@code gs://} paths
 * without asking Cloud Storage, and {@link NoUploadStager} replaces staging to Cloud Storage.
 */
final class OfflineDataflow {

  static final String PROJECT = "beamwise-offline";
  static final String BUCKET = "gs://beamwise-offline-bucket";

  private OfflineDataflow() {}

  /** The options every offline translation needs; {@code job} is the local job file to write. */
  static List<String> args(Path job, Path fileToStage) {
    List<String> args = new ArrayList<>();
    args.add("--runner=DataflowRunner");
    args.add("--project=" + PROJECT);
    args.add("--region=europe-west1");
    args.add("--tempLocation=" + BUCKET + "/tmp");
    // Set, not derived from --tempLocation: deriving it asks Cloud Storage for the bucket's
    // soft-delete policy (and retries for minutes without network).
    args.add("--gcpTempLocation=" + BUCKET + "/tmp");
    args.add("--stagingLocation=" + BUCKET + "/staging");
    args.add("--templateLocation=" + job.toAbsolutePath());
    args.add("--credentialFactoryClass=org.apache.beam.sdk.extensions.gcp.auth.NoopCredentialFactory");
    args.add("--pathValidatorClass=org.apache.beam.sdk.extensions.gcp.storage.NoopPathValidator");
    // One small file instead of the test classpath: staging hashes every file it is given.
    args.add("--filesToStage=" + fileToStage.toAbsolutePath());
    return args;
  }

  /** Sets the stager that uploads nothing (a stager is an object, not a command-line value). */
  static <T extends PipelineOptions> T withoutUploads(T options) {
    options.as(DataflowPipelineDebugOptions.class).setStager(new NoUploadStager());
    return options;
  }

  /** The job file written by the runner, parsed. */
  static JsonNode readJob(Path job) throws IOException {
    return new ObjectMapper().readTree(Files.readString(job));
  }

  /**
   * Refuses every outgoing HTTP(S) connection that goes through the JVM's proxy selector (as the
   * Google API clients' do) and remembers where it was going, so a test can check that nothing
   * tried to reach the network (callers may swallow the exception; the record stays).
   */
  static final class NoNetwork extends ProxySelector {
    final List<URI> attempts = Collections.synchronizedList(new ArrayList<>());

    @Override
    public List<Proxy> select(URI uri) {
      attempts.add(uri);
      // Not an IOException, which the Google clients would retry for minutes.
      throw new IllegalStateException("network access in an offline test: " + uri);
    }

    @Override
    public void connectFailed(URI uri, SocketAddress address, IOException e) {}
  }

  /** Names the files where they would have been staged, and uploads nothing. */
  static final class NoUploadStager implements Stager {
    @Override
    public List<DataflowPackage> stageFiles(List<PackageUtil.StagedFile> filesToStage) {
      List<DataflowPackage> packages = new ArrayList<>();
      for (PackageUtil.StagedFile f : filesToStage) {
        packages.add(staged(f.getDestination()));
      }
      return packages;
    }

    @Override
    public DataflowPackage stageToFile(byte[] bytes, String baseName) {
      return staged(baseName);
    }

    private static DataflowPackage staged(String name) {
      return new DataflowPackage().setName(name).setLocation(BUCKET + "/staging/" + name);
    }
  }
}
