package nnworkshop.optim;

import nnworkshop.WorkshopException;

/** Checks of hyper-parameter values, with one-line messages a user can act on. */
final class Hyper {
    private Hyper() {}

    static double positive(String what, double x) {
        if (!(x > 0) || Double.isInfinite(x)) throw bad(what, x, "a positive number");
        return x;
    }

    static double nonNegative(String what, double x) {
        if (!(x >= 0) || Double.isInfinite(x)) throw bad(what, x, "zero or a positive number");
        return x;
    }

    static WorkshopException bad(String what, double x, String expected) {
        return new WorkshopException(what + " must be " + expected + ", got " + x);
    }
}
