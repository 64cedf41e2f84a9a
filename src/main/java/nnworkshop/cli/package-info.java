/**
 * The {@code ./workshop} command line (picocli). Commands are thin: parse, call one function of
 * the other packages, print. {@link nnworkshop.cli.Main#execute} is what tests call.
 */
package nnworkshop.cli;
