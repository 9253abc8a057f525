package dev.focusnfix.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * A diffusers pipeline folder of Stable Diffusion v1.4's published architecture without weights: the UNet, VAE, text
 * encoder and scheduler configs of {@code CompVis/stable-diffusion-v1-4}, for
 * {@code LatentDiffusionPipeline.withRandomWeights} (the training-step benchmark at 512x512 on a machine that cannot
 * download the checkpoint). The tokenizer is copied from another folder: the built-in toy model's 566 token ids are
 * all valid in SD's 49,408-row token embedding, and the prompt length (77) is the same.
 */
public final class Sd14PipelineFolder {

    private Sd14PipelineFolder() {}

    /** Writes the folder into {@code dir} (created) with the tokenizer files of {@code tokenizerFolder}. */
    public static Path write(Path dir, Path tokenizerFolder) throws IOException {
        copy("sd14-pipeline/model_index.json", dir.resolve("model_index.json"));
        copy("sd14-unet.json", dir.resolve("unet/config.json"));
        copy("sd14-pipeline/vae-config.json", dir.resolve("vae/config.json"));
        copy("sd14-pipeline/text_encoder-config.json", dir.resolve("text_encoder/config.json"));
        copy("sd14-pipeline/scheduler-config.json", dir.resolve("scheduler/scheduler_config.json"));
        Path tokenizer = Files.createDirectories(dir.resolve("tokenizer"));
        try (Stream<Path> files = Files.list(tokenizerFolder)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.copy(file, tokenizer.resolve(file.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return dir;
    }

    private static void copy(String resource, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        try (InputStream in = Sd14PipelineFolder.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing bench resource " + resource);
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
