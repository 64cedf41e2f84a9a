/** Small shared helpers with no knowledge of neural networks: atomic file writes, JSON. */
package nnworkshop.util;
