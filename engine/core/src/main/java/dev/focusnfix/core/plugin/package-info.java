/** The plugin host: PF4J loading with Guice-created extensions, the registry of extensions by kind and id. */
package dev.focusnfix.core.plugin;
