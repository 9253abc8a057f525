package dev.focusnfix.nn.tokenizer;

import dev.focusnfix.api.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Picks and builds the {@link Tokenizer} implementation that matches the files of a tokenizer folder. */
final class TokenizerFolder {

    /** Marker for "use model_max_length from tokenizer_config.json". */
    static final int LENGTH_FROM_CONFIG = -1;

    private TokenizerFolder() {}

    static Tokenizer load(Path folder, int maxLength) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new InvalidInputException("Tokenizer folder does not exist: " + folder);
        }
        TokenizerSettings settings = TokenizerSettings.read(folder);
        int length = maxLength == LENGTH_FROM_CONFIG ? settings.modelMaxLength() : maxLength;
        boolean hasBpe = Files.isRegularFile(folder.resolve(ClipBpeTokenizer.VOCAB_FILE))
                && Files.isRegularFile(folder.resolve(ClipBpeTokenizer.MERGES_FILE));
        boolean hasWordPiece = Files.isRegularFile(folder.resolve(BertWordPieceTokenizer.VOCAB_FILE));
        String declared = settings.tokenizerClass();
        if (declared != null) {
            // The declared class wins over file sniffing; the "Fast" variants share the slow semantics.
            String base = declared.endsWith("Fast") ? declared.substring(0, declared.length() - 4) : declared;
            switch (base) {
                case "CLIPTokenizer":
                    requireFiles(folder, hasBpe, "vocab.json and merges.txt", declared);
                    return ClipBpeTokenizer.load(folder, settings, length);
                case "BertTokenizer":
                    requireFiles(folder, hasWordPiece, "vocab.txt", declared);
                    return BertWordPieceTokenizer.load(folder, settings, length);
                default:
                    throw new InvalidInputException(folder.resolve(TokenizerSettings.CONFIG_FILE)
                            + ": unsupported tokenizer_class \"" + declared
                            + "\" (supported: CLIPTokenizer, BertTokenizer and their Fast variants)");
            }
        }
        if (hasBpe) {
            return ClipBpeTokenizer.load(folder, settings, length);
        }
        if (hasWordPiece) {
            return BertWordPieceTokenizer.load(folder, settings, length);
        }
        throw new InvalidInputException("No tokenizer files in " + folder
                + ": expected vocab.json + merges.txt (CLIP BPE) or vocab.txt (BERT WordPiece)");
    }

    private static void requireFiles(Path folder, boolean present, String files, String declared) throws IOException {
        if (!present) {
            throw new InvalidInputException(folder + " declares tokenizer_class " + declared + " but lacks " + files);
        }
    }
}
