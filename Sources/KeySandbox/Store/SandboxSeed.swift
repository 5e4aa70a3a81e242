import MomentoKeys

/// The demo account a new sandbox starts with: keys across every role and urgency.
enum SandboxSeed {
    /// The account's custom roles.
    static let customRoles: [Role] = [
        Role(
            roleId: "r-10042", roleName: "Cache Readers", roleType: .custom,
            description: "Read-only access to the product caches.",
            permissions: .object([
                "rules": .array([
                    .object([
                        "type": .string("cache"),
                        "permissions": .array([.string("read"), .string("list")]),
                        "caches": .object(["name": .string("product-catalog")]),
                        "items": .string("*"),
                    ])
                ])
            ])),
        Role(
            roleId: "r-10077", roleName: "Deploy Bots", roleType: .custom,
            description: "Publish to topics and write caches from CI.",
            permissions: .object([
                "rules": .array([
                    .object([
                        "type": .string("cache"),
                        "permissions": .array([.string("read"), .string("write")]),
                        "caches": .object(["name": .string("deploy-state")]),
                        "items": .object(["key_prefix": .string("release-")]),
                    ]),
                    .object([
                        "type": .string("topic"),
                        "permissions": .array([.string("write")]),
                        "caches": .object(["name": .string("deploy-state")]),
                        "topics": .object(["prefix": .string("deploys.")]),
                    ]),
                ]),
                "conditions": .array([
                    .object([
                        "ip_filter": .object([
                            "allowed_cidr_ranges": .array([.string("10.20.0.0/16")])
                        ])
                    ])
                ]),
            ])),
    ]

    /// One demo key: description, role and lifetime relative to the seeding moment.
    struct Key {
        let description: String
        let roleId: String
        /// Seconds before now that it was issued.
        let age: Int64
        /// Seconds after now that it expires; `nil` never.
        let expiresIn: Int64?
    }

    static let minute: Int64 = 60
    static let hour: Int64 = 3600
    static let day: Int64 = 86400

    /// About a dozen keys: under an hour, within a day, within a week, months, never, expired.
    static let keys: [Key] = [
        Key(
            description: "Temporary debugging session", roleId: RoleID.owner, age: 2 * hour,
            expiresIn: 12 * minute),
        Key(
            description: "Nightly ETL job", roleId: RoleID.operator, age: 30 * day,
            expiresIn: 42 * minute),
        Key(
            description: "Staging deploy bot", roleId: "r-10077", age: 6 * day, expiresIn: 5 * hour),
        Key(
            description: "Grafana dashboards", roleId: RoleID.viewer, age: 29 * day,
            expiresIn: 20 * hour),
        Key(
            description: "CI pipeline (GitHub Actions)", roleId: RoleID.operator, age: 27 * day,
            expiresIn: 3 * day),
        Key(description: "Mobile app beta", roleId: "r-10042", age: 84 * day, expiresIn: 6 * day),
        Key(
            description: "Payments service", roleId: RoleID.operator, age: 10 * day,
            expiresIn: 80 * day),
        Key(
            description: "Analytics export", roleId: RoleID.viewer, age: 45 * day,
            expiresIn: 45 * day),
        Key(
            description: "Partner integration (Acme)", roleId: "r-10042", age: 20 * day,
            expiresIn: 160 * day),
        Key(description: "Break-glass admin", roleId: RoleID.owner, age: 200 * day, expiresIn: nil),
        Key(
            description: "Legacy monolith", roleId: RoleID.operator, age: 400 * day, expiresIn: nil),
        Key(
            description: "Old load test", roleId: RoleID.viewer, age: 40 * day, expiresIn: -2 * day),
    ]
}
