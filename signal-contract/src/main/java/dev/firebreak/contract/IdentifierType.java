package dev.firebreak.contract;

/**
 * Types of {@code entity.observations}. Identifier values are keyed hashes ({@code v1:}...), except IPs,
 * perceptual hashes, countries and time zones, and the clear tenant ids of PLATFORM_ACCOUNT / PAYMENT_PARTY.
 */
public enum IdentifierType {
    DEVICE, IP, EMAIL, PHONE, DOCUMENT, PHOTO, PAYMENT_ACCOUNT, WALLET, ADDRESS, REFERRAL,
    PLATFORM_ACCOUNT, PAYMENT_PARTY,
    DECLARED_COUNTRY, DOCUMENT_COUNTRY, PHONE_COUNTRY, LOGIN_COUNTRY, PAYOUT_COUNTRY, DECLARED_TIMEZONE
}
