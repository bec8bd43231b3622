package dev.firebreak.payments;

import dev.firebreak.payments.payout.WalletAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Wallet address formats against the standards' own test vectors: BIP-173/BIP-350 (Bech32, Bech32m), Base58Check
 * (Bitcoin P2PKH/P2SH, Tron), EIP-55 (EVM checksums); each valid vector with one character changed fails.
 */
class WalletAddressTest {

    @ParameterizedTest(name = "{0} {1} valid={2}")
    @CsvSource({
            // BIP-173 / BIP-350 mainnet vectors
            "BTC, BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4, true",
            "BTC, bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4, true",
            "BTC, bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y, true",
            "BTC, bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5, false",
            "BTC, bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh, false",
            "BTC, BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7kv8f3t4, false",
            "BTC, tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx, false",
            // Base58Check: P2PKH, P2SH
            "BTC, 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2, true",
            "BTC, 3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy, true",
            "BTC, 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3, false",
            "BTC, 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN0, false",
            // EIP-55 vectors (all upper, all lower, mixed)
            "ETH, 0x52908400098527886E0F7030069857D2E4169EE7, true",
            "ETH, 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed, true",
            "ETH, 0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359, true",
            "POLYGON, 0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB, true",
            "ETH, 0xd1220a0cf47c7b9be7a2e6ba89f429762e7b9adb, true",
            "ETH, 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD, false",
            "ETH, 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe, false",
            "ETH, 0xabc, false",
            // Tron (USDT-TRC20 contract address)
            "TRX, TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t, true",
            "TRX, TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u, false",
            // a chain without a checker: format only
            "SOL, 4Nd1mBQtrMJVYVfKf2PJy9NZUZdTAsp7D4xWLs4gDB4T, true",
            "SOL, not-an-address, false"})
    void addressesAreCheckedByTheirChainsFormat(String chain, String address, boolean valid) {
        assertEquals(valid, WalletAddress.problem(chain, address).isEmpty(), () -> WalletAddress.problem(chain, address).orElse("valid"));
    }
}
