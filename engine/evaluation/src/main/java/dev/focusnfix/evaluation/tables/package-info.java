/**
 * Result tables in the shape of the paper's Tables 3 and 4: one row per method or run ({@link
 * dev.focusnfix.evaluation.tables.MethodResult}), one column per metric ({@link
 * dev.focusnfix.evaluation.tables.Column}), rendered by {@link dev.focusnfix.evaluation.tables.ComparisonTable} as
 * aligned Markdown, RFC 4180 CSV or an HTML table. {@link dev.focusnfix.evaluation.tables.TextEscapes} holds the
 * escaping rules of those three formats. Inputs are plain records, so this package depends on nothing but the JDK.
 */
package dev.focusnfix.evaluation.tables;
