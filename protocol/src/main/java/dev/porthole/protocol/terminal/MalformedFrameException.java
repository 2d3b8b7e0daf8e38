package dev.porthole.protocol.terminal;

/** A frame that breaks the subprotocol's rules; the message says which rule, for the close reason. */
public class MalformedFrameException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedFrameException(String message) {
        super(message);
    }
}
