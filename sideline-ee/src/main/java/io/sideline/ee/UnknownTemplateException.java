package io.sideline.ee;

/** Raised when no template has the given name. Nothing is started. */
public class UnknownTemplateException extends SidelineException {

    public UnknownTemplateException(String name) {
        super("unknown template '" + name + "'");
    }
}
