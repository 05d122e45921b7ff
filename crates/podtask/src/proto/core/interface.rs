//! `flyteidl/core/interface.proto`: a task's typed inputs and outputs.

use std::collections::BTreeMap;

use super::LiteralType;

/// A typed variable: `core.Variable` (the artifact fields 3 and 4 are left out).
#[derive(Clone, PartialEq, ::prost::Message)]
pub struct Variable {
    /// Its type (field 1).
    #[prost(message, optional, tag = "1")]
    pub r#type: Option<LiteralType>,
    /// A description (field 2).
    #[prost(string, tag = "2")]
    pub description: String,
}

/// Variables by name: `core.VariableMap`.
#[derive(Clone, PartialEq, ::prost::Message)]
pub struct VariableMap {
    /// The variables (field 1).
    #[prost(btree_map = "string, message", tag = "1")]
    pub variables: BTreeMap<String, Variable>,
}

/// Inputs and outputs: `core.TypedInterface`.
#[derive(Clone, PartialEq, ::prost::Message)]
pub struct TypedInterface {
    /// The inputs (field 1).
    #[prost(message, optional, tag = "1")]
    pub inputs: Option<VariableMap>,
    /// The outputs (field 2).
    #[prost(message, optional, tag = "2")]
    pub outputs: Option<VariableMap>,
}
