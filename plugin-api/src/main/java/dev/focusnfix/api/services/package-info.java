/**
 * Framework services available to extensions through {@link dev.focusnfix.api.ExtensionContext}, which is made for
 * one run: its {@link dev.focusnfix.api.services.ModelLocator} resolves against that run's experiment folder and its
 * {@link dev.focusnfix.api.services.OutputFolders} name that run's folder. Only the process-wide
 * {@link dev.focusnfix.api.services.ProgressReporter} may also be injected with {@code @Inject} into the
 * constructors of extensions whose plugin uses Guice.
 */
package dev.focusnfix.api.services;
