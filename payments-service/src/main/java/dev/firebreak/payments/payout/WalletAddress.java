package dev.firebreak.payments.payout;

import org.bouncycastle.jcajce.provider.digest.Keccak;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Crypto wallet addresses checked by their chain's own format, so a mistyped address is a 400 rather than a
 * silently unmatchable identifier:
 * <ul>
 *   <li>Bitcoin: Base58Check P2PKH ({@code 1…}) and P2SH ({@code 3…}) with their double-SHA-256 checksum, and
 *       SegWit {@code bc1…} in Bech32 (witness v0, BIP-173) or Bech32m (v1+, BIP-350);</li>
 *   <li>Ethereum and EVM chains: {@code 0x} + 40 hex digits, with the EIP-55 checksum when the case is mixed;</li>
 *   <li>Tron: Base58Check with version byte 0x41 ({@code T…}, where USDT-TRC20 is paid);</li>
 *   <li>other chains: 20–128 letters and digits (format only).</li>
 * </ul>
 * Written here rather than taken from bitcoinj or web3j: each would bring a large client stack (networking,
 * protobuf, RxJava) for a few dozen lines of checksum arithmetic; Keccak-256 comes from BouncyCastle.
 */
public final class WalletAddress {

    private static final Set<String> BITCOIN = Set.of("BTC", "XBT", "BITCOIN");
    private static final Set<String> EVM = Set.of("ETH", "ETHEREUM", "EVM", "POLYGON", "MATIC", "BSC", "BNB", "ARBITRUM",
            "OPTIMISM", "BASE", "AVAX", "AVALANCHE");
    private static final Set<String> TRON = Set.of("TRX", "TRON");

    private WalletAddress() {
    }

    /** Why the address is not valid on the chain, or empty when it is. */
    public static Optional<String> problem(String chain, String address) {
        String c = chain.strip().toUpperCase(Locale.ROOT);
        String a = address.strip();
        if (BITCOIN.contains(c)) {
            if (a.toLowerCase(Locale.ROOT).startsWith("bc1")) {
                return segwit(a) ? Optional.empty() : Optional.of("not a valid Bech32/Bech32m bitcoin address (checksum)");
            }
            return base58Check(a, 25, (byte) 0x00, (byte) 0x05) ? Optional.empty()
                    : Optional.of("not a valid Base58Check bitcoin address (P2PKH 1…, P2SH 3…, checksum)");
        }
        if (EVM.contains(c)) {
            return evm(a) ? Optional.empty() : Optional.of("not a valid EVM address (0x + 40 hex digits, EIP-55 checksum)");
        }
        if (TRON.contains(c)) {
            return base58Check(a, 25, (byte) 0x41) ? Optional.empty()
                    : Optional.of("not a valid Tron address (Base58Check T…, checksum)");
        }
        return a.matches("[A-Za-z0-9]{20,128}") ? Optional.empty() : Optional.of("not a wallet address");
    }

    // --- Base58Check ---------------------------------------------------------------------------------------------

    private static final String BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    static boolean base58Check(String address, int length, byte... versions) {
        byte[] decoded = base58(address);
        if (decoded == null || decoded.length != length) {
            return false;
        }
        byte[] payload = Arrays.copyOf(decoded, length - 4);
        byte[] checksum = Arrays.copyOfRange(sha256(sha256(payload)), 0, 4);
        if (!Arrays.equals(checksum, Arrays.copyOfRange(decoded, length - 4, length))) {
            return false;
        }
        for (byte version : versions) {
            if (payload[0] == version) {
                return true;
            }
        }
        return false;
    }

    private static byte[] base58(String s) {
        if (s.isEmpty() || s.length() > 64) {
            return null;
        }
        BigInteger value = BigInteger.ZERO;
        for (char ch : s.toCharArray()) {
            int digit = BASE58.indexOf(ch);
            if (digit < 0) {
                return null;
            }
            value = value.multiply(BigInteger.valueOf(58)).add(BigInteger.valueOf(digit));
        }
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length); // sign byte
        }
        int leadingZeros = 0;
        while (leadingZeros < s.length() && s.charAt(leadingZeros) == '1') {
            leadingZeros++;
        }
        byte[] out = new byte[leadingZeros + (value.signum() == 0 ? 0 : bytes.length)];
        System.arraycopy(bytes, 0, out, leadingZeros, out.length - leadingZeros);
        return out;
    }

    // --- Bech32 / Bech32m (BIP-173, BIP-350) ----------------------------------------------------------------------

    private static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private static final int[] GENERATOR = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
    private static final int BECH32 = 1;
    private static final int BECH32M = 0x2bc830a3;

    static boolean segwit(String address) {
        if (!address.equals(address.toLowerCase(Locale.ROOT)) && !address.equals(address.toUpperCase(Locale.ROOT))) {
            return false; // mixed case is invalid
        }
        String a = address.toLowerCase(Locale.ROOT);
        int separator = a.lastIndexOf('1');
        if (a.length() > 90 || separator < 1 || separator + 7 > a.length() || !a.substring(0, separator).equals("bc")) {
            return false;
        }
        int[] data = new int[a.length() - separator - 1];
        for (int i = 0; i < data.length; i++) {
            int v = CHARSET.indexOf(a.charAt(separator + 1 + i));
            if (v < 0) {
                return false;
            }
            data[i] = v;
        }
        String hrp = a.substring(0, separator);
        int[] values = new int[hrp.length() * 2 + 1 + data.length];
        for (int i = 0; i < hrp.length(); i++) {
            values[i] = hrp.charAt(i) >> 5;
            values[i + hrp.length() + 1] = hrp.charAt(i) & 31;
        }
        System.arraycopy(data, 0, values, hrp.length() * 2 + 1, data.length);
        int check = polymod(values);
        int version = data[0];
        if (version > 16 || (version == 0 ? check != BECH32 : check != BECH32M)) {
            return false;
        }
        byte[] program = fromFiveBits(Arrays.copyOfRange(data, 1, data.length - 6));
        if (program == null || program.length < 2 || program.length > 40) {
            return false;
        }
        return version != 0 || program.length == 20 || program.length == 32;
    }

    private static int polymod(int[] values) {
        int chk = 1;
        for (int v : values) {
            int top = chk >>> 25;
            chk = (chk & 0x1ffffff) << 5 ^ v;
            for (int i = 0; i < 5; i++) {
                if (((top >>> i) & 1) == 1) {
                    chk ^= GENERATOR[i];
                }
            }
        }
        return chk;
    }

    private static byte[] fromFiveBits(int[] data) {
        int acc = 0;
        int bits = 0;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int v : data) {
            acc = (acc << 5) | v;
            bits += 5;
            while (bits >= 8) {
                bits -= 8;
                out.write((acc >>> bits) & 0xff);
            }
        }
        if (bits >= 5 || ((acc << (8 - bits)) & 0xff) != 0) {
            return null; // non-zero padding
        }
        return out.toByteArray();
    }

    // --- EVM (EIP-55) ---------------------------------------------------------------------------------------------

    static boolean evm(String address) {
        if (!address.matches("0x[0-9a-fA-F]{40}")) {
            return false;
        }
        String hex = address.substring(2);
        if (hex.equals(hex.toLowerCase(Locale.ROOT)) || hex.equals(hex.toUpperCase(Locale.ROOT))) {
            return true; // no checksum encoded
        }
        byte[] hash = new Keccak.Digest256()
                .digest(hex.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < 40; i++) {
            char ch = hex.charAt(i);
            if (Character.isLetter(ch)) {
                int nibble = (hash[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0xf;
                if ((nibble >= 8) != Character.isUpperCase(ch)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
