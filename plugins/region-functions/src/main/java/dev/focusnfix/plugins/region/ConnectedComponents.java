package dev.focusnfix.plugins.region;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Connected-component labelling of one binary {@code H x W} mask on the CPU, and the filter that keeps its main
 * regions. Masks are small (one image) and labelling is sequential by nature, so plain Java is the right tool here.
 */
public final class ConnectedComponents {

    private final int[] labels;
    private final int[] areas;

    private ConnectedComponents(int[] labels, int[] areas) {
        this.labels = labels;
        this.areas = areas;
    }

    /**
     * Labels the set pixels of a row-major {@code height x width} mask. Labels are 1, 2, ... in the order the
     * regions' first pixels appear in a row-major scan; 0 is background.
     *
     * @param connectivity 4 (edge neighbours) or 8 (edge and corner neighbours)
     */
    public static ConnectedComponents label(boolean[] mask, int height, int width, int connectivity) {
        if (mask.length != height * width) {
            throw new IllegalArgumentException("mask has " + mask.length + " pixels, not " + height + "x" + width);
        }
        if (connectivity != 4 && connectivity != 8) {
            throw new IllegalArgumentException("connectivity must be 4 or 8, got " + connectivity);
        }
        int[] labels = new int[mask.length];
        List<Integer> areas = new ArrayList<>();
        areas.add(0);
        int[] stack = new int[mask.length];
        for (int start = 0; start < mask.length; start++) {
            if (!mask[start] || labels[start] != 0) {
                continue;
            }
            int label = areas.size();
            int area = 0;
            int top = 0;
            stack[top++] = start;
            labels[start] = label;
            // Depth-first flood fill with an explicit stack: no recursion limit on large regions.
            while (top > 0) {
                int p = stack[--top];
                area++;
                int y = p / width;
                int x = p % width;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        if ((dy == 0 && dx == 0) || (connectivity == 4 && dy != 0 && dx != 0)) {
                            continue;
                        }
                        int ny = y + dy;
                        int nx = x + dx;
                        if (ny < 0 || ny >= height || nx < 0 || nx >= width) {
                            continue;
                        }
                        int q = ny * width + nx;
                        if (mask[q] && labels[q] == 0) {
                            labels[q] = label;
                            stack[top++] = q;
                        }
                    }
                }
            }
            areas.add(area);
        }
        return new ConnectedComponents(
                labels, areas.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The number of regions. */
    public int count() {
        return areas.length - 1;
    }

    /** The label of every pixel, 0 for background. */
    public int[] labels() {
        return labels.clone();
    }

    /** The pixel count of region {@code label} (1-based). */
    public int area(int label) {
        return areas[label];
    }

    /**
     * The mask of the main regions: those whose area is at least {@code minFraction} of the largest region's, and
     * of those at most {@code maxComponents} (largest first, ties in scan order; 0 means no limit).
     */
    public boolean[] keepMain(double minFraction, int maxComponents) {
        int largest = 0;
        for (int l = 1; l < areas.length; l++) {
            largest = Math.max(largest, areas[l]);
        }
        List<Integer> candidates = new ArrayList<>();
        for (int l = 1; l < areas.length; l++) {
            if (areas[l] >= minFraction * largest) {
                candidates.add(l);
            }
        }
        // List.sort is stable: equal areas keep scan order, so the choice is deterministic.
        candidates.sort(Comparator.comparingInt((Integer l) -> areas[l]).reversed());
        if (maxComponents > 0 && candidates.size() > maxComponents) {
            candidates = candidates.subList(0, maxComponents);
        }
        boolean[] keep = new boolean[areas.length];
        candidates.forEach(l -> keep[l] = true);
        boolean[] out = new boolean[labels.length];
        for (int i = 0; i < labels.length; i++) {
            out[i] = keep[labels[i]];
        }
        return out;
    }
}
