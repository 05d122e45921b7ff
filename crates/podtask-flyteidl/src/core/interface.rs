//! `flyteidl/core/interface.proto`: a task's typed inputs and outputs.

use super::LiteralType;

message! {
    /// A typed variable: `core.Variable` (the artifact fields 3 and 4 are left out).
    Variable {
        /// Its type (field 1).
        r#type: message(LiteralType) = 1 "type",
        /// A description (field 2).
        description: string = 2 "description",
    }
}

message! {
    /// Variables by name: `core.VariableMap`.
    VariableMap {
        /// The variables (field 1).
        variables: map(string, message(Variable)) = 1 "variables",
    }
}

message! {
    /// Inputs and outputs: `core.TypedInterface`.
    TypedInterface {
        /// The inputs (field 1).
        inputs: message(VariableMap) = 1 "inputs",
        /// The outputs (field 2).
        outputs: message(VariableMap) = 2 "outputs",
    }
}
