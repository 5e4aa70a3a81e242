import CNcursesw

enum TerminalIOPlaceholder {}
