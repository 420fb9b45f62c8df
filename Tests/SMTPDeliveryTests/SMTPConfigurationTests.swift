import SMTPDelivery
import Testing

@Suite("SMTP configuration")
struct SMTPConfigurationTests {
    @Test("smtp, smtps and tls=required, with and without credentials and ports")
    func parses() throws {
        let plain = try SMTPConfiguration(url: "smtp://127.0.0.1:2525")
        #expect(plain.host == "127.0.0.1" && plain.port == 2525 && plain.user == nil && plain.security == .startTLSWhenOffered)
        #expect(try SMTPConfiguration(url: "smtp://mail.example.com").port == 25)
        #expect(try SMTPConfiguration(url: "smtps://mail.example.com").port == 465)
        #expect(try SMTPConfiguration(url: "smtps://mail.example.com").security == .implicitTLS)
        #expect(try SMTPConfiguration(url: "smtp://mail.example.com:587?tls=required").security == .startTLSRequired)
        let login = try SMTPConfiguration(url: "smtp://orders%40shop:s%3Acret%25@mail.example.com:587?tls=required")
        #expect(login.user == "orders@shop")
        #expect(login.port == 587)
    }

    @Test("the description never holds the password")
    func descriptionHidesThePassword() throws {
        let login = try SMTPConfiguration(url: "smtp://orders:hunter2@mail.example.com:587?tls=required")
        #expect(login.description == "smtp://orders:***@mail.example.com:587?tls=required")
        #expect(!String(describing: login).contains("hunter2"))
        #expect(!String(reflecting: login).contains("hunter2"))
        var dumped = ""
        dump(login, to: &dumped)
        #expect(!dumped.contains("hunter2"), "\(dumped)")
    }

    @Test("what is not an SMTP URL is refused, and the reason repeats nothing of it", arguments: [
        ("http://mail.example.com", SMTPConfigurationError.unsupportedScheme),
        ("smtp://mail.example.com/inbox", .pathNotAllowed),
        ("smtp://", .invalidHost),
        ("smtp://mail.example.com:0", .invalidPort),
        ("smtp://mail.example.com:99999", .invalidPort),
        ("smtp://mail.example.com:port", .invalidPort),
        ("smtp://:hunter2@mail.example.com", .invalidCredentials),
        ("smtp://orders:hunter%2@mail.example.com", .invalidCredentials),
        ("smtps://mail.example.com?tls=required", .unsupportedOption),
        ("smtp://mail.example.com?tls=maybe", .unsupportedOption),
        ("smtp://orders:hunter2@mail.example.com", .passwordWithoutTLS),
    ])
    func refuses(url: String, expected: SMTPConfigurationError) {
        #expect(throws: expected) { try SMTPConfiguration(url: url) }
        #expect(!expected.description.contains("hunter2"))
    }
}
