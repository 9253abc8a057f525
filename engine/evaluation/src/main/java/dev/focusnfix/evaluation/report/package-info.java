/**
 * Static reports of a run, with no scripts and no external resources: {@link
 * dev.focusnfix.evaluation.report.HtmlReport} (one self-contained HTML file: the resolved experiment, the result
 * tables, training curves and beta-sweep charts as inline SVG, and per prompt and seed a row of images base | tuned |
 * mask | saliency | difference), {@link dev.focusnfix.evaluation.report.ContactSheet} (the same image rows as one
 * PNG), the charts themselves ({@link dev.focusnfix.evaluation.report.SvgLineChart}, {@link
 * dev.focusnfix.evaluation.report.SvgScatterChart}, with {@link dev.focusnfix.evaluation.report.NiceScale} choosing
 * round tick values), the reader of a run's {@code metrics.jsonl} ({@link dev.focusnfix.evaluation.report.MetricsLog})
 * and the difference image ({@link dev.focusnfix.evaluation.report.DifferenceImage}). Every file is written
 * atomically ({@link dev.focusnfix.nn.io.AtomicFiles}).
 */
package dev.focusnfix.evaluation.report;
