/**
 * The offline classroom bundle ({@code ./workshop bundle}): one zip with everything a laptop needs
 * with only Java 17 ({@link nnworkshop.bundle.Bundle}), and the check of its files at the first
 * start ({@link nnworkshop.bundle.BundleCheck}).
 */
package nnworkshop.bundle;
