package dev.firebreak.contract;

/** Which part of the suite a red flag belongs to. */
public enum Category {
    IDENTITY, PLATFORM, PAYMENT, NETWORK
}
