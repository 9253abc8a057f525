package dev.focusnfix.nn.tokenizer;

import java.util.Arrays;
import java.util.List;

/** {@code start, content[: maxLength - 2], end, pad...}: the fixed-length layout both tokenizers produce. */
final class SequenceLayout {

    private SequenceLayout() {}

    static int[] layout(List<Integer> contentIds, int startId, int endId, int padId, int maxLength) {
        int[] ids = new int[maxLength];
        Arrays.fill(ids, padId);
        int kept = Math.min(contentIds.size(), maxLength - 2);
        ids[0] = startId;
        for (int i = 0; i < kept; i++) {
            ids[1 + i] = contentIds.get(i);
        }
        ids[1 + kept] = endId;
        return ids;
    }
}
