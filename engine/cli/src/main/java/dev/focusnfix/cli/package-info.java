/** The {@code framework} command line (picocli): run, validate, plugins. */
package dev.focusnfix.cli;
