package dev.focusnfix.nn.tokenizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns a prompt into the fixed-length id sequence a text encoder consumes: start token, content ids truncated to
 * {@code maxLength() - 2}, end token, then the pad token up to {@code maxLength()} (the pipelines'
 * {@code padding="max_length", truncation=True}).
 */
public interface Tokenizer {

    /** The padded/truncated ids, always {@link #maxLength()} long. */
    int[] encode(String text);

    /** The sub-word tokens of {@code text} without start, end or padding tokens (for inspection and debugging). */
    List<String> tokenize(String text);

    /** Length of every encoded sequence. */
    int maxLength();

    /** Id used to fill the sequence after the end token. */
    int padId();

    /** Encodes each text; rows are {@link #maxLength()} long. */
    default int[][] encode(List<String> texts) {
        int[][] ids = new int[texts.size()][];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = encode(texts.get(i));
        }
        return ids;
    }

    /**
     * Loads the tokenizer stored in a diffusers/HF tokenizer folder, choosing CLIP BPE ({@code vocab.json} +
     * {@code merges.txt}) or BERT WordPiece ({@code vocab.txt}) from the files present. The length is the folder's
     * {@code model_max_length} (77 when absent or unbounded).
     */
    static Tokenizer load(Path folder) throws IOException {
        return TokenizerFolder.load(folder, TokenizerFolder.LENGTH_FROM_CONFIG);
    }

    /** As {@link #load(Path)} but with an explicit sequence length (the LDM pipeline always uses 77). */
    static Tokenizer load(Path folder, int maxLength) throws IOException {
        if (maxLength < 2) {
            throw new IllegalArgumentException("maxLength must leave room for start and end tokens: " + maxLength);
        }
        return TokenizerFolder.load(folder, maxLength);
    }
}
