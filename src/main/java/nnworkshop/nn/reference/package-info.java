/**
 * A double-precision reference of the MLP's maths ({@link nnworkshop.nn.reference.ReferenceMlp}),
 * independent of the float32 engine: what gradient checking differentiates numerically and what
 * the engine is compared with.
 */
package nnworkshop.nn.reference;
