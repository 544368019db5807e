import Foundation
import GrantKeys
import GrantStore

/// Signing keys for tests: fixed seeds, so signatures (and chain heads) are the same every run.
public enum TestKeys {
    /// The owner of every test ledger.
    public static let owner = key(7)
    /// A second holder, for registered keys.
    public static let inga = key(9)

    /// The key made from a seed of 32 equal bytes.
    public static func key(_ byte: UInt8) -> Ed25519.SecretKey { Ed25519.SecretKey(seed: [UInt8](repeating: byte, count: 32))! }

    /// The owner signing at `time`.
    public static func at(_ time: String) -> Authorship { Authorship(key: owner, recordedAt: time) }

    /// Writes `key` as the key file `name`.key in `folder` (made when missing), readable by its owner only.
    public static func install(_ key: Ed25519.SecretKey, name: String, in folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/" + name + ".key"
        try KeyFile(name: name, key: key, passphrase: nil).text.write(toFile: path, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
    }
}
