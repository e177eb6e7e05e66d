//! Linked claims: sentence features, the index, linking across documents, discrepancies.
