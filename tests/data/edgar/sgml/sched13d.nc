<SUBMISSION>
<ACCESSION-NUMBER>0009990006-24-000002
<TYPE>SCHEDULE 13D
<PUBLIC-DOCUMENT-COUNT>1
<FILING-DATE>20240410
<SUBJECT-COMPANY>
<COMPANY-DATA>
<CONFORMED-NAME>Example Chips Inc
<CIK>0009990003
<STATE-OF-INCORPORATION>DE
</COMPANY-DATA>
<FILING-VALUES>
<FORM-TYPE>SCHEDULE 13D
<ACT>34
<FILE-NUMBER>005-99903
</FILING-VALUES>
</SUBJECT-COMPANY>
<FILED-BY>
<COMPANY-DATA>
<CONFORMED-NAME>Example Activist Partners, L.P.
<CIK>0009990006
<STATE-OF-INCORPORATION>DE
</COMPANY-DATA>
<FILING-VALUES>
<FORM-TYPE>SCHEDULE 13D
</FILING-VALUES>
</FILED-BY>
<DOCUMENT>
<TYPE>SCHEDULE 13D
<SEQUENCE>1
<FILENAME>primary_doc.xml
<TEXT>
<XML>
<?xml version="1.0" encoding="UTF-8"?>
<edgarSubmission xmlns="http://www.sec.gov/edgar/schedule13D" xmlns:com="http://www.sec.gov/edgar/common">
<headerData>
<submissionType>SCHEDULE 13D</submissionType>
<filerInfo>
<filer>
<filerCredentials>
<cik>0009990006</cik>
<ccc>XXXXXXXX</ccc>
</filerCredentials>
</filer>
<liveTestFlag>LIVE</liveTestFlag>
</filerInfo>
</headerData>
<formData>
<coverPageHeader>
<securitiesClassTitle>Common stock, par value $0.001 per share</securitiesClassTitle>
<dateOfEvent>04/01/2024</dateOfEvent>
<previouslyFiledFlag>false</previouslyFiledFlag>
<issuerInfo>
<issuerCIK>0009990003</issuerCIK>
<issuerCUSIP>30303M102</issuerCUSIP>
<issuerName>Example Chips Inc</issuerName>
</issuerInfo>
</coverPageHeader>
<reportingPersons>
<reportingPersonInfo>
<reportingPersonCIK>0009990006</reportingPersonCIK>
<reportingPersonName>Example Activist Partners, L.P.</reportingPersonName>
<fundType>WC</fundType>
<citizenshipOrOrganization>DE</citizenshipOrOrganization>
<soleVotingPower>0</soleVotingPower>
<sharedVotingPower>1200000</sharedVotingPower>
<soleDispositivePower>0</soleDispositivePower>
<sharedDispositivePower>1200000</sharedDispositivePower>
<aggregateAmountOwned>1200000</aggregateAmountOwned>
<isAggregateExcludeShares>N</isAggregateExcludeShares>
<percentOfClass>6.2</percentOfClass>
<typeOfReportingPerson>PN</typeOfReportingPerson>
</reportingPersonInfo>
</reportingPersons>
<items1To7>
<item3>
<fundsSource>Working capital of the reporting person; the aggregate purchase price was $54,000,000.</fundsSource>
</item3>
<item4>
<transactionPurpose>Investment purposes.</transactionPurpose>
</item4>
</items1To7>
<signatureInfo>
<signaturePerson>
<signatureReportingPerson>Example Activist Partners, L.P.</signatureReportingPerson>
<signatureDetails>
<signature>/s/ A. Example</signature>
<title>Managing Member of the General Partner</title>
<date>04/10/2024</date>
</signatureDetails>
</signaturePerson>
</signatureInfo>
</formData>
</edgarSubmission>
</XML>
</TEXT>
</DOCUMENT>
</SUBMISSION>
