<SUBMISSION>
<ACCESSION-NUMBER>0009990001-24-000001
<TYPE>D
<PUBLIC-DOCUMENT-COUNT>1
<ITEMS>06b
<ITEMS>3C
<ITEMS>3C.1
<FILING-DATE>20240115
<DATE-OF-FILING-DATE-CHANGE>20240115
<EFFECTIVENESS-DATE>20240115
<FILER>
<COMPANY-DATA>
<CONFORMED-NAME>Example Robotics Fund I, L.P.
<CIK>0009990001
<IRS-NUMBER>000000000
<STATE-OF-INCORPORATION>DE
<FISCAL-YEAR-END>1231
</COMPANY-DATA>
<FILING-VALUES>
<FORM-TYPE>D
<ACT>33
<FILE-NUMBER>021-999001
<FILM-NUMBER>24000001
</FILING-VALUES>
<BUSINESS-ADDRESS>
<STREET1>100 EXAMPLE WAY, SUITE 5
<CITY>PALO ALTO
<STATE>CA
<ZIP>94301
<PHONE>650-555-0100
</BUSINESS-ADDRESS>
</FILER>
<DOCUMENT>
<TYPE>D
<SEQUENCE>1
<FILENAME>primary_doc.xml
<TEXT>
<XML>
<SUBMISSION>
<ACCESSION-NUMBER>0009990001-24-000001
<TYPE>D
<FILING-DATE>20240115
<DOCUMENT>
<TYPE>D
<TEXT>
<XML>
<?xml version="1.0"?>
<edgarSubmission>
    <schemaVersion>X0708</schemaVersion>
    <submissionType>D</submissionType>
    <testOrLive>LIVE</testOrLive>
    <primaryIssuer>
        <cik>0009990001</cik>
        <entityName>Example Robotics Fund I, L.P.</entityName>
        <issuerAddress>
            <street1>100 EXAMPLE WAY, SUITE 5</street1>
            <city>PALO ALTO</city>
            <stateOrCountry>CA</stateOrCountry>
            <stateOrCountryDescription>CALIFORNIA</stateOrCountryDescription>
            <zipCode>94301</zipCode>
        </issuerAddress>
        <issuerPhoneNumber>650-555-0100</issuerPhoneNumber>
        <jurisdictionOfInc>DELAWARE</jurisdictionOfInc>
        <issuerPreviousNameList>
            <value>None</value>
        </issuerPreviousNameList>
        <edgarPreviousNameList>
            <value>None</value>
        </edgarPreviousNameList>
        <entityType>Limited Partnership</entityType>
        <yearOfInc>
            <withinFiveYears>true</withinFiveYears>
            <value>2023</value>
        </yearOfInc>
    </primaryIssuer>
    <relatedPersonsList>
        <relatedPersonInfo>
            <relatedPersonName>
                <firstName>Jane</firstName>
                <middleName>Q.</middleName>
                <lastName>Example</lastName>
            </relatedPersonName>
            <relatedPersonAddress>
                <street1>100 Example Way, Suite 5</street1>
                <city>Palo Alto</city>
                <stateOrCountry>CA</stateOrCountry>
                <stateOrCountryDescription>CALIFORNIA</stateOrCountryDescription>
                <zipCode>94301</zipCode>
            </relatedPersonAddress>
            <relatedPersonRelationshipList>
                <relationship>Executive Officer</relationship>
            </relatedPersonRelationshipList>
            <relationshipClarification></relationshipClarification>
        </relatedPersonInfo>
        <relatedPersonInfo>
            <relatedPersonName>
                <firstName>N/A</firstName>
                <lastName>Example Robotics GP, LLC</lastName>
            </relatedPersonName>
            <relatedPersonAddress>
                <street1>100 Example Way, Suite 5</street1>
                <city>Palo Alto</city>
                <stateOrCountry>CA</stateOrCountry>
                <stateOrCountryDescription>CALIFORNIA</stateOrCountryDescription>
                <zipCode>94301</zipCode>
            </relatedPersonAddress>
            <relatedPersonRelationshipList>
                <relationship>Promoter</relationship>
            </relatedPersonRelationshipList>
            <relationshipClarification></relationshipClarification>
        </relatedPersonInfo>
    </relatedPersonsList>
    <offeringData>
        <industryGroup>
            <industryGroupType>Pooled Investment Fund</industryGroupType>
            <investmentFundInfo>
                <investmentFundType>Venture Capital Fund</investmentFundType>
                <is40Act>false</is40Act>
            </investmentFundInfo>
        </industryGroup>
        <issuerSize>
            <revenueRange>Decline to Disclose</revenueRange>
        </issuerSize>
        <federalExemptionsExclusions>
            <item>06b</item>
            <item>3C</item>
            <item>3C.1</item>
        </federalExemptionsExclusions>
        <typeOfFiling>
            <newOrAmendment>
                <isAmendment>false</isAmendment>
            </newOrAmendment>
            <dateOfFirstSale>
                <value>2023-12-20</value>
            </dateOfFirstSale>
        </typeOfFiling>
        <durationOfOffering>
            <moreThanOneYear>true</moreThanOneYear>
        </durationOfOffering>
        <typesOfSecuritiesOffered>
            <isPooledInvestmentFundType>true</isPooledInvestmentFundType>
        </typesOfSecuritiesOffered>
        <businessCombinationTransaction>
            <isBusinessCombinationTransaction>false</isBusinessCombinationTransaction>
            <clarificationOfResponse></clarificationOfResponse>
        </businessCombinationTransaction>
        <minimumInvestmentAccepted>250000</minimumInvestmentAccepted>
        <salesCompensationList></salesCompensationList>
        <offeringSalesAmounts>
            <totalOfferingAmount>50000000</totalOfferingAmount>
            <totalAmountSold>12500000</totalAmountSold>
            <totalRemaining>37500000</totalRemaining>
            <clarificationOfResponse></clarificationOfResponse>
        </offeringSalesAmounts>
        <investors>
            <hasNonAccreditedInvestors>false</hasNonAccreditedInvestors>
            <totalNumberAlreadyInvested>14</totalNumberAlreadyInvested>
        </investors>
        <salesCommissionsFindersFees>
            <salesCommissions>
                <dollarAmount>0</dollarAmount>
            </salesCommissions>
            <findersFees>
                <dollarAmount>0</dollarAmount>
            </findersFees>
            <clarificationOfResponse></clarificationOfResponse>
        </salesCommissionsFindersFees>
        <useOfProceeds>
            <grossProceedsUsed>
                <dollarAmount>0</dollarAmount>
            </grossProceedsUsed>
            <clarificationOfResponse></clarificationOfResponse>
        </useOfProceeds>
        <signatureBlock>
            <authorizedRepresentative>false</authorizedRepresentative>
            <signature>
                <issuerName>Example Robotics Fund I, L.P.</issuerName>
                <signatureName>Jane Q. Example</signatureName>
                <nameOfSigner>Jane Q. Example</nameOfSigner>
                <signatureTitle>Managing Member of the General Partner</signatureTitle>
                <signatureDate>2024-01-15</signatureDate>
            </signature>
        </signatureBlock>
    </offeringData>
</edgarSubmission>
</XML>
</TEXT>
</DOCUMENT>
</SUBMISSION>
</XML>
</TEXT>
</DOCUMENT>
</SUBMISSION>
