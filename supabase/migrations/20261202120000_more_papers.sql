-- The remaining enforcement papers of issue 15: restraining notices (to the debtor, to a third
-- party, and the CPLR 5222-a bank packet), the notice to judgment debtor, the information
-- subpoena to a third party, the property execution and the demand letter.

alter type paper_kind add value if not exists 'restraining_notice_debtor';
alter type paper_kind add value if not exists 'restraining_notice_third_party';
alter type paper_kind add value if not exists 'restraining_notice_bank_packet';
alter type paper_kind add value if not exists 'notice_to_judgment_debtor';
alter type paper_kind add value if not exists 'information_subpoena_third_party';
alter type paper_kind add value if not exists 'property_execution';
alter type paper_kind add value if not exists 'demand_letter';
