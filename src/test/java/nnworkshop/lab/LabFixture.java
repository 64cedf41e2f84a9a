package nnworkshop.lab;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import nnworkshop.compare.Impl;
import nnworkshop.data.DataStore;
import nnworkshop.data.DatasetKind;
import nnworkshop.model.ModelFile;
import nnworkshop.nn.Init;
import nnworkshop.train.Engine;
import nnworkshop.train.Experiment;
import nnworkshop.train.ProgressListener;
import nnworkshop.train.TrainConfig;
import nnworkshop.train.Training;
import nnworkshop.util.Seeds;

/** A Lab on a free loopback port, for tests; its HTTP calls. */
final class LabFixture implements AutoCloseable {
    final Lab lab;
    final Experiment exp;
    final Path dir;
    final HttpClient http = HttpClient.newHttpClient();

    private LabFixture(Lab lab, Experiment exp, Path dir) {
        this.lab = lab;
        this.exp = exp;
        this.dir = dir;
    }

    static Experiment mnist() {
        return Experiment.prepare(DataStore.open(null, null), DatasetKind.MNIST, 5000, 0, Seeds.DEFAULT, false, line -> { });
    }

    /** A Lab whose two models are a quick one (3,000 images, one epoch) saved under target/. */
    static LabFixture quick() throws IOException {
        Experiment exp = mnist();
        Path dir = Files.createTempDirectory(Path.of("target"), "lab-test-");
        Path model = dir.resolve("quick.safetensors");
        TrainConfig config = TrainConfig.builder().epochs(1).build();
        try (Engine e = Impl.SCRATCH.create(DefaultModels.spec(), Init.HE, 42, 1)) {
            Training.fit(e, exp.train().head(3000), null, config, ProgressListener.SILENT);
            ModelFile.save(model, e.spec(), e.stateDict(), config.normalization(), Map.of());
        }
        Lab lab = Lab.start(new Lab.Settings("127.0.0.1", 0, dir.resolve("out"), dir.resolve("cache"), model, model, 1, 1),
                exp, line -> { });
        return new LabFixture(lab, exp, dir);
    }

    /** A Lab with the default models (trained and cached in the program's own cache at the first run). */
    static LabFixture defaults() throws IOException {
        Experiment exp = mnist();
        Path dir = Files.createTempDirectory(Path.of("target"), "lab-test-");
        Lab lab = Lab.start(new Lab.Settings("127.0.0.1", 0, dir.resolve("out"), DataStore.defaultDataDir().resolve("lab"),
                null, null, 2, 1), exp, line -> { });
        return new LabFixture(lab, exp, dir);
    }

    String base() {
        return "http://127.0.0.1:" + lab.port();
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base() + path)).header(Lab.TOKEN_HEADER, lab.token()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base() + path)).header(Lab.TOKEN_HEADER, lab.token())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** {"pixels": [...]} of MNIST test image i. */
    String pixelsBody(int i) {
        StringBuilder sb = new StringBuilder("{\"pixels\":[");
        for (int p = 0; p < 784; p++) sb.append(p > 0 ? "," : "").append(exp.test().pixel(i, p) / 255.0);
        return sb.append("]}").toString();
    }

    @Override
    public void close() {
        lab.close();
    }
}
