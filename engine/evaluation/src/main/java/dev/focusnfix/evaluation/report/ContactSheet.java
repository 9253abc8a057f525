package dev.focusnfix.evaluation.report;

import dev.focusnfix.nn.io.Png;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sample rows of a report as one PNG: a header line with the column titles, then per sample a label line
 * ({@code #index · seed N · prompt}, cut with an ellipsis if too long) above its images base | tuned | mask | saliency | difference, each scaled to fit a
 * square cell with nearest-neighbour sampling (masks stay crisp, no invented detail) and centred. A missing or
 * unreadable image is a grey cell marked "missing".
 *
 * <p>Layout, in pixels, for {@code r} rows, {@code k = 5} columns and cell size {@code c}: width
 * {@code PADDING + k (c + PADDING)}, height {@code HEADER_HEIGHT + r (LABEL_HEIGHT + c + PADDING) + PADDING}.
 */
public final class ContactSheet {

    /** Space around and between cells. */
    public static final int PADDING = 8;
    /** Height of the column-title line at the top. */
    public static final int HEADER_HEIGHT = 24;
    /** Height of the label line above each row's images. */
    public static final int LABEL_HEIGHT = 20;
    /** The default cell size. */
    public static final int DEFAULT_CELL_SIZE = 192;

    private static final Logger LOG = LoggerFactory.getLogger(ContactSheet.class);
    private static final Color BACKGROUND = Color.WHITE;
    private static final Color TEXT = new Color(0x22, 0x22, 0x22);
    private static final Color PLACEHOLDER = new Color(0xdd, 0xdd, 0xdd);

    private ContactSheet() {}

    /** The sheet's width for {@code cellSize}. */
    public static int width(int cellSize) {
        return PADDING + SampleColumn.values().length * (cellSize + PADDING);
    }

    /** The sheet's height for {@code rows} samples and {@code cellSize}. */
    public static int height(int rows, int cellSize) {
        return HEADER_HEIGHT + rows * (LABEL_HEIGHT + cellSize + PADDING) + PADDING;
    }

    /** Draws the sheet; image paths are resolved against {@code folder} (the report's folder). */
    public static BufferedImage render(List<SampleRow> rows, Path folder, int cellSize) {
        if (cellSize < 16) {
            throw new IllegalArgumentException("cell size must be at least 16 pixels, got " + cellSize);
        }
        SampleColumn[] columns = SampleColumn.values();
        BufferedImage sheet =
                new BufferedImage(width(cellSize), height(rows.size(), cellSize), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        try {
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            Labels labels = new Labels(g);
            for (int c = 0; c < columns.length; c++) {
                labels.draw(columns[c].header(), cellX(c, cellSize), HEADER_HEIGHT - 7, cellSize, true);
            }
            for (int r = 0; r < rows.size(); r++) {
                SampleRow row = rows.get(r);
                int rowTop = HEADER_HEIGHT + r * (LABEL_HEIGHT + cellSize + PADDING);
                labels.draw(
                        "#" + row.promptIndex() + " · seed " + row.seed() + " · "
                                + row.prompt().strip().replaceAll("\\s+", " "),
                        PADDING,
                        rowTop + LABEL_HEIGHT - 6,
                        sheet.getWidth() - 2 * PADDING,
                        false);
                int cellTop = rowTop + LABEL_HEIGHT;
                for (int c = 0; c < columns.length; c++) {
                    BufferedImage image = row.image(columns[c])
                            .map(p -> readOrNull(folder.resolve(p)))
                            .orElse(null);
                    int cellLeft = cellX(c, cellSize);
                    if (image == null) {
                        drawPlaceholder(g, labels, cellLeft, cellTop, cellSize);
                    } else {
                        drawFitted(g, image, cellLeft, cellTop, cellSize);
                    }
                }
            }
        } finally {
            g.dispose();
        }
        return sheet;
    }

    /** Renders the sheet and writes it as a PNG, atomically. */
    public static void write(List<SampleRow> rows, Path folder, int cellSize, Path output) throws IOException {
        Png.write(render(rows, folder, cellSize), output);
    }

    private static int cellX(int column, int cellSize) {
        return PADDING + column * (cellSize + PADDING);
    }

    private static void drawFitted(Graphics2D g, BufferedImage image, int left, int top, int cellSize) {
        double scale = Math.min((double) cellSize / image.getWidth(), (double) cellSize / image.getHeight());
        int width = Math.max(1, (int) Math.round(image.getWidth() * scale));
        int height = Math.max(1, (int) Math.round(image.getHeight() * scale));
        g.drawImage(image, left + (cellSize - width) / 2, top + (cellSize - height) / 2, width, height, null);
    }

    private static void drawPlaceholder(Graphics2D g, Labels labels, int left, int top, int cellSize) {
        g.setColor(PLACEHOLDER);
        g.fillRect(left, top, cellSize, cellSize);
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1f));
        g.drawLine(left, top, left + cellSize - 1, top + cellSize - 1);
        g.drawLine(left, top + cellSize - 1, left + cellSize - 1, top);
        labels.draw("missing", left, top + cellSize / 2 + 4, cellSize, true);
    }

    private static BufferedImage readOrNull(Path file) {
        try {
            return Files.isRegularFile(file) ? ImageIO.read(file.toFile()) : null;
        } catch (IOException e) {
            LOG.warn("contact sheet: cannot read {}: {}", file, e.getMessage());
            return null;
        }
    }

    /**
     * Text drawing that fits a width (ending in an ellipsis) and that degrades to no text, with one warning, on a
     * machine whose JDK finds no fonts: a contact sheet without labels beats no contact sheet.
     */
    private static final class Labels {
        private final Graphics2D g;
        private boolean fontsBroken;

        Labels(Graphics2D g) {
            this.g = g;
        }

        void draw(String text, int left, int baseline, int width, boolean centred) {
            if (fontsBroken) {
                return;
            }
            try {
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
                g.setColor(TEXT);
                FontMetrics metrics = g.getFontMetrics();
                String fitted = fit(text, metrics, width);
                int x = centred ? left + (width - metrics.stringWidth(fitted)) / 2 : left;
                g.drawString(fitted, x, baseline);
            } catch (RuntimeException | LinkageError e) {
                fontsBroken = true;
                LOG.warn("contact sheet: cannot draw text ({}); writing it without labels", e.toString());
            }
        }

        private static String fit(String text, FontMetrics metrics, int width) {
            if (metrics.stringWidth(text) <= width) {
                return text;
            }
            String ellipsis = "…";
            int end = text.length();
            while (end > 0 && metrics.stringWidth(text.substring(0, end) + ellipsis) > width) {
                end--;
                if (end > 0 && Character.isLowSurrogate(text.charAt(end))) {
                    end--;
                }
            }
            return text.substring(0, end) + ellipsis;
        }
    }
}
