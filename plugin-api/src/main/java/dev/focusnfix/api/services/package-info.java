/**
 * Framework services available to extensions through {@link dev.focusnfix.api.ExtensionContext}, and injectable
 * with {@code @Inject} into the constructors of extensions whose plugin uses Guice.
 */
package dev.focusnfix.api.services;
